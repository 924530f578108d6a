fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let mut last = t;
    let _m = samplescope::model::Model::load(&bytes, |s| { eprintln!("{:?} at {:?} (+{:?})", s, t.elapsed(), last.elapsed()); last = std::time::Instant::now(); }).unwrap();
    eprintln!("done {:?}", t.elapsed());
}
