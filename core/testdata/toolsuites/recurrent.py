# Produces recurrent.txt: recurrent layers (packed and not, batch_first,
# cells, unbatched input, proj_size, no bias) counted by the tools' own
# sources on torch 1.13, since pip cannot install them here:
#   thop 0.1.1 ("thop"): Lyken17/pytorch-OpCounter@43c064a, its thop/
#   directory (git archive 43c064a thop); profile.py reads
#   thop/__version__.py from the working directory, so it runs from there.
#   ultralytics-thop 2.1.6 ("ultralytics-thop"): ultralytics/thop@39438aa
#   (tag v2.1.6), its thop/ directory.
#   thop 0.0.31 ("thop-0.0.31"): Lyken17/pytorch-OpCounter@0fece23, its
#   thop/ directory; its utils.py imports collections.Iterable, gone in
#   Python 3.10, so the measuring process first sets it to
#   collections.abc.Iterable (nothing else is changed).
#   ptflops 0.7.x ("ptflops", its default pytorch backend):
#   sovrasov/flops-counter.pytorch@d612c75, its ptflops/ directory;
#   get_model_complexity_info(model, shape, as_strings=False) with the input
#   passed positionally, so ptflops' batch counter reads its first
#   dimension, as the "ptflops" convention does.
#   torchinfo 1.8.0 ("torchinfo"): TylerYep/torchinfo@v1.8.0, its
#   torchinfo/ directory; summary(model, input_data=x).total_mult_adds.
# Run: /usr/bin/python3 recurrent.py THOP011_DIR ULTRALYTICS_DIR PTFLOPS_DIR THOP031_DIR TORCHINFO_DIR > recurrent.txt
# (each DIR holds the extracted thop/ or ptflops/ package; torch 1.13.0a0,
# Debian's python3-torch). Each case's model is written twice below, in PyTorch and
# as the FlopLab script the .txt file holds.
import contextlib
import io
import json
import subprocess
import sys

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

CASES = []


def case(name, star, inputs):
    def add(build):
        CASES.append((name, star, build, inputs))
        return build
    return add


def net(src_init, src_forward, shape):
    return "input_shape = %s\n\ndef Net():\n    self = Module(\"Net\")\n    self.rnn = %s\n\n    def forward(x):\n%s\n\n    self.forward = forward\n    return self\n\nmodel = Net()\n" % (shape, src_init, src_forward)


class Packed(nn.Module):
    def __init__(self, rnn, lengths, batch_first=False, sorted=True):
        super().__init__()
        self.rnn, self.lengths, self.bf, self.sorted = rnn, lengths, batch_first, sorted

    def forward(self, x):
        p = pack_padded_sequence(x, self.lengths, batch_first=self.bf, enforce_sorted=self.sorted)
        o, _ = self.rnn(p)
        return o.data


class Plain(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        o = self.rnn(x)
        return o[0] if isinstance(o, tuple) else o


PACK = "        p = nn.utils.rnn.pack_padded_sequence(x, %s)\n        o, _ = self.rnn(p)\n        return o.data"
PLAIN = "        o = self.rnn(x)\n        return o[0] if type(o) == \"tuple\" else o"

case("packed LSTM, 2 layers, bidirectional, lengths [4, 2, 1]",
     net("LSTM(4, 6, 2, bidirectional=True)", PACK % "[4, 2, 1]", "(5, 3, 4)"), [(5, 3, 4)])(
    lambda: Packed(nn.LSTM(4, 6, 2, bidirectional=True), [4, 2, 1]))
case("packed GRU, batch_first, lengths [4, 2, 1]",
     net("GRU(4, 6, batch_first=True)", PACK % "[4, 2, 1], batch_first=True", "(3, 5, 4)"), [(3, 5, 4)])(
    lambda: Packed(nn.GRU(4, 6, batch_first=True), [4, 2, 1], batch_first=True))
case("packed RNN relu, lengths unsorted [2, 5, 3]",
     net("RNN(4, 6, nonlinearity=\"relu\")", PACK % "[2, 5, 3], enforce_sorted=False", "(5, 3, 4)"), [(5, 3, 4)])(
    lambda: Packed(nn.RNN(4, 6, nonlinearity="relu"), [2, 5, 3], sorted=False))
case("packed LSTM, proj_size 3, lengths [7, 7, 1, 1]",
     net("LSTM(8, 6, 2, proj_size=3)", PACK % "[7, 7, 1, 1]", "(7, 4, 8)"), [(7, 4, 8)])(
    lambda: Packed(nn.LSTM(8, 6, 2, proj_size=3), [7, 7, 1, 1]))
case("LSTM, 2 layers, bidirectional",
     net("LSTM(10, 20, 2, bidirectional=True)", PLAIN, "(7, 3, 10)"), [(7, 3, 10)])(
    lambda: Plain(nn.LSTM(10, 20, 2, bidirectional=True)))
case("LSTM, proj_size 5, bidirectional",
     net("LSTM(10, 20, 2, bidirectional=True, proj_size=5)", PLAIN, "(7, 3, 10)"), [(7, 3, 10)])(
    lambda: Plain(nn.LSTM(10, 20, 2, bidirectional=True, proj_size=5)))
case("GRU, batch_first, no bias",
     net("GRU(10, 16, 3, bias=False, batch_first=True)", PLAIN, "(2, 9, 10)"), [(2, 9, 10)])(
    lambda: Plain(nn.GRU(10, 16, 3, bias=False, batch_first=True)))
case("RNN, unbatched input",
     net("RNN(10, 16)", PLAIN, "(9, 10)"), [(9, 10)])(
    lambda: Plain(nn.RNN(10, 16)))
case("LSTMCell",
     net("LSTMCell(10, 16)", PLAIN, "(4, 10)"), [(4, 10)])(
    lambda: Plain(nn.LSTMCell(10, 16)))
case("GRUCell, unbatched input",
     net("GRUCell(10, 16)", PLAIN, "(10,)"), [(10,)])(
    lambda: Plain(nn.GRUCell(10, 16)))


def measure_ptflops():
    from ptflops import get_model_complexity_info
    torch.manual_seed(0)
    out = []
    for name, _, build, inputs in CASES:
        model = build()
        # On an exception in a hook, get_model_complexity_info prints it
        # and returns (None, None): the tool gives no figure.
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            macs, params = get_model_complexity_info(model, inputs[0], as_strings=False, print_per_layer_stat=False,
                                                     input_constructor=lambda s: torch.randn(*s))
        if macs is None:
            last = [l for l in printed.getvalue().splitlines() if l.strip()][-1]
            out.append(last.strip())
        else:
            out.append([int(macs), int(params)])
    print(json.dumps(["ptflops", out]))


def measure_torchinfo():
    import torchinfo
    torch.manual_seed(0)
    out = []
    for name, _, build, inputs in CASES:
        r = torchinfo.summary(build(), input_data=torch.randn(*inputs[0]), verbose=0)
        out.append([int(r.total_mult_adds), int(r.total_params)])
    print(json.dumps([torchinfo.__version__, out]))


def measure():
    import collections
    import collections.abc
    if not hasattr(collections, "Iterable"):
        collections.Iterable = collections.abc.Iterable  # thop 0.0.31's utils.py on Python >= 3.10
    import thop
    torch.manual_seed(0)
    out = []
    for name, _, build, inputs in CASES:
        model = build()
        try:
            macs, params = thop.profile(model, inputs=tuple(torch.randn(*s) for s in inputs), verbose=False)
            out.append([int(macs), int(params)])
        except Exception as e:  # thop 0.0.31's RNN hooks call x[0].size() on a PackedSequence
            out.append("%s: %s" % (type(e).__name__, e))
    print(json.dumps([getattr(thop, "__version__", "0.0.31"), out]))


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        measure()
        sys.exit()
    if sys.argv[1] == "--measure-torchinfo":
        measure_torchinfo()
        sys.exit()
    if sys.argv[1] == "--measure-ptflops":
        measure_ptflops()
        sys.exit()
    runs = []
    for d, how in zip(sys.argv[1:6], ["--measure", "--measure", "--measure-ptflops", "--measure", "--measure-torchinfo"]):
        r = subprocess.run([sys.executable, __file__, how], cwd=d, capture_output=True, text=True, check=True,
                           env={"PYTHONPATH": d, "PATH": "/usr/bin"})
        runs.append(json.loads(r.stdout.strip().splitlines()[-1]))
    (v1, thop011), (v2, ultra), (_, ptf), (_, thop031), (v5, ti) = runs
    assert v5 == "1.8.0", v5
    assert v1 == "0.1.1" and v2 == "2.1.6", (v1, v2)
    print("# Recurrent layers counted by the tools' own sources (thop, ultralytics-thop,")
    print("# thop 0.0.31, torchinfo, ptflops) on")
    print("# torch", torch.__version__, "(pip cannot install them here): generated by recurrent.py,")
    print("# which says how. \"thop\" is thop 0.1.1 (Lyken17/pytorch-OpCounter@43c064a),")
    print("# \"ultralytics-thop\" 2.1.6 (ultralytics/thop@39438aa): since fa3533a it counts a")
    print("# PackedSequence by its real steps (sum of batch_sizes) and reads proj_size.")
    print("# \"thop-0.0.31\" is Lyken17/pytorch-OpCounter@0fece23, whose RNN hooks raise on a")
    print("# PackedSequence (x[0].size()): thop.profile raises, no figure.")
    print("# \"torchinfo\" is torchinfo 1.8.0 (TylerYep/torchinfo@v1.8.0), total_mult_adds.")
    print("# \"ptflops\" is ptflops' default backend (sovrasov/flops-counter.pytorch@d612c75),")
    print("# whose RNN hooks raise on a PackedSequence and on an unbatched cell input:")
    print("# get_model_complexity_info then returns None, and the case says what was raised.")
    print("# Format: core/toolsuites_test.go (readToolSuite).")
    for (name, star, _, _), (m1, p1), (m2, p2), pt, t31, (m5, p5) in zip(CASES, thop011, ultra, ptf, thop031, ti):
        print("---")
        print("# source: recurrent.py %s: run through thop@43c064a, thop@0fece23, ultralytics/thop@39438aa, torchinfo@v1.8.0, ptflops@d612c75" % name)
        if isinstance(pt, str):
            print("# ptflops: no figure (its hook raised %s)" % pt)
        if isinstance(t31, str):
            print("# thop 0.0.31: no figure (thop.profile raised %s)" % t31)
        print(star.rstrip("\n"))
        print("### thop %d params %d" % (m1, p1))
        print("### ultralytics-thop %d params %d" % (m2, p2))
        if isinstance(t31, str):
            print("### thop-0.0.31 nofigure")
        else:
            print("### thop-0.0.31 %d params %d" % tuple(t31))
        print("### torchinfo %d params %d" % (m5, p5))
        if isinstance(pt, str):
            print("### ptflops nofigure")
        else:
            print("### ptflops %d params %d" % tuple(pt))
