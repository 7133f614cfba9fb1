package lang

import (
	"testing"

	"floplab/core/graph"
)

// TestTrainEval: model.train() and model.eval() set nn.Module.training
// under a module, as in PyTorch; Options.Mode puts the whole model in a
// mode before the forward; a BatchNorm in train mode (or without running
// statistics) computes each channel's mean and variance.
func TestTrainEval(t *testing.T) {
	src := `
input_shape = (2, 3, 4, 4)
def Net():
    self = Module("Net")
    self.bn = BatchNorm2d(3)
    self.free = BatchNorm2d(3, track_running_stats=False)
    self.head = Sequential(Linear(48, 4), Dropout())
    def forward(x):
        x = self.free(self.bn(x))
        if self.training:
            x = x * 2
        return self.head(torch.flatten(x, 1))
    self.forward = forward
    return self
model = Net()
if not model.training or not model.head[0].training:
    fail("modules start in train mode")
model.head.eval()
if model.head[1].training or not model.bn.training:
    fail("eval() sets its subtree")
if model.train(False) != model or model.bn.training:
    fail("train(False) is eval()")
model.bn.train()
`
	n := 2 * 3 * 4 * 4
	for _, c := range []struct {
		mode, graphMode string
		bnTrain, mul    bool
	}{
		{"", "eval", true, false}, // as the script left it: model eval, bn train
		{"eval", "eval", false, false},
		{"train", "train", true, true},
	} {
		res, err := Run(src, Options{Mode: c.mode})
		if err != nil {
			t.Fatal(err)
		}
		if res.Graph.Mode != c.graphMode {
			t.Errorf("mode %q: graph mode %q, want %q", c.mode, res.Graph.Mode, c.graphMode)
		}
		var muls bool
		for _, nd := range res.Graph.Nodes {
			switch nd.Name {
			case "bn", "free":
				train := nd.Name == "free" || c.bnTrain
				stats, has := nd.QValue(graph.QBatchStats), nd.Has(graph.QBatchStats)
				// eval: n muls + n adds; train: adds 3n + c + n (affine),
				// muls 2n + 2c + n, a square root per channel.
				wantOps := graph.Ops{Add: int64(n), Mul: int64(n)}
				if train {
					wantOps = graph.Ops{Add: int64(4*n + 3), Mul: int64(3*n + 6), Exp: 3}
				}
				if has != train || train && stats != int64(n) || nd.Ops != wantOps {
					t.Errorf("mode %q %s: batch_stats %d (%v), ops %+v; want train %v, ops %+v", c.mode, nd.Name, stats, has, nd.Ops, train, wantOps)
				}
			case "mul":
				muls = true
			}
			if nd.Type == "operator.mul" {
				muls = true
			}
		}
		if muls != c.mul {
			t.Errorf("mode %q: self.training branch ran %v, want %v", c.mode, muls, c.mul)
		}
	}
	if _, err := Run(src, Options{Mode: "test"}); err == nil {
		t.Error("mode test: no error")
	}
}
