# A small, independent safetensors reader and writer (json + struct only), to check gradlab's files.
#   read FILE   → prints {"metadata": ..., "tensors": {name: {"dtype", "shape", "data"}}} as JSON
#   write FILE  → writes the tensors given as JSON on stdin in safetensors format
import json
import struct
import sys

FORMATS = {"F32": "f", "F64": "d", "I32": "i", "I64": "q"}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    out = {"metadata": header.pop("__metadata__", {}), "tensors": {}}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        fmt = FORMATS[entry["dtype"]]
        count = (end - begin) // struct.calcsize(fmt)
        values = struct.unpack("<%d%s" % (count, fmt), body[begin:end])
        out["tensors"][name] = {"dtype": entry["dtype"], "shape": entry["shape"], "data": list(values)}
    return out


def write(path, tensors):
    header, chunks, offset = {"__metadata__": {"written_by": "python"}}, [], 0
    for name, t in tensors.items():
        fmt = FORMATS[t["dtype"]]
        chunk = struct.pack("<%d%s" % (len(t["data"]), fmt), *t["data"])
        header[name] = {"dtype": t["dtype"], "shape": t["shape"], "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    head = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head + b"".join(chunks))


if __name__ == "__main__":
    if sys.argv[1] == "read":
        json.dump(read(sys.argv[2]), sys.stdout)
    else:
        write(sys.argv[2], json.load(sys.stdin))
