// `npm run bench`: benchmarks against the peers, printed as ratio tables.
console.log("no benchmarks yet");
