package core

import "testing"

// TestPartialNeverAll: a result with parts not counted never says all
// its layers are counted. A layer a script marks as doing work it does
// not trace is not counted; a container or the model marked so is one
// more part not counted; a trace that goes on from an input the script
// made up (assumed_input=True) counts the layers fed from it apart
// (AssumedLayers), not as counted.
func TestPartialNeverAll(t *testing.T) {
	const block = `
def Block(mark):
    self = Module("Block")
    self.fc1 = Linear(4, 8)
    self.fc2 = Linear(8, 4)
    self.fc3 = Linear(4, 4)

    def forward(x):
        if mark == "leaf":
            not_counted("a gather the script leaves out", "fc1")
        if mark == "block":
            not_counted("a gather the script leaves out")
        x = self.fc1(x)
        if mark == "restart":
            not_counted("fc2 does not fit", "fc2", assumed_input = True)
            x = torch.zeros(1, 8)
        return self.fc3(self.fc2(x))

    self.forward = forward
    return self

input_shape = (1, 4)
`
	for _, c := range []struct {
		mark                    string
		counted, assumed, total int
	}{
		{"none", 3, 0, 3},
		{"leaf", 2, 0, 3},
		{"block", 3, 0, 4},
		{"restart", 1, 2, 3},
	} {
		rep, err := Analyze(Request{Script: block + "model = Sequential(Block(\"" + c.mark + "\"))\n"})
		if err != nil {
			t.Fatalf("%s: %v", c.mark, err)
		}
		if rep.CountedLayers != c.counted || rep.AssumedLayers != c.assumed || rep.TotalLayers != c.total || rep.Complete != (c.mark == "none") {
			t.Errorf("%s: complete %v, counted %d, assumed %d, total %d; want %d, %d, %d",
				c.mark, rep.Complete, rep.CountedLayers, rep.AssumedLayers, rep.TotalLayers, c.counted, c.assumed, c.total)
		}
		if !rep.Complete && rep.CountedLayers >= rep.TotalLayers {
			t.Errorf("%s: incomplete, yet %d of %d layers counted", c.mark, rep.CountedLayers, rep.TotalLayers)
		}
	}
}
