fn main() {
    let (digest, outputs) = kernel_parity::digest();
    println!("{digest:016x} {outputs}");
}
