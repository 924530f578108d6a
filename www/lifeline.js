// How the page learns that its model worker ended, whatever ended it (a panic, self.close(),
// terminate, the browser reclaiming memory): the worker holds a Web Lock for its whole life,
// and the page queues for the same lock, which it is granted only once the worker is gone.
// A MessagePort's `close` event would be the other way; Chromium does not fire it for workers.

// In the worker: takes the lock `name` and never gives it back. Resolves to whether it holds
// it (no Web Locks outside a secure context, nor in a storage-blocked third-party iframe).
export function holdForLife(name) {
  if (!globalThis.navigator?.locks) return Promise.resolve(false);
  // A third-party iframe whose storage is blocked is refused locks ("The request was denied").
  return new Promise((held) =>
    navigator.locks
      .request(name, () => {
        held(true);
        return new Promise(() => {});
      })
      .catch(() => held(false)),
  );
}

// In the page: calls `ended` once the holder of `name` has ended.
export function whenReleased(name, ended) {
  if (!globalThis.navigator?.locks) return;
  navigator.locks.request(name, () => ended()).catch(() => {});
}
