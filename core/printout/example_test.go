package printout_test

import (
	"fmt"
	"strings"

	"floplab/core/printout"
)

const small = `Sequential(
  (0): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
  (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
  (2): ReLU(inplace=True)
  (3-4): 2 x MyAct()
)`

func ExampleDetect() {
	fmt.Println(printout.Detect(small))
	fmt.Println(printout.Detect("model = Sequential(\n    Conv2d(3, 8, 3),\n)"))
	// Output:
	// true
	// false
}

func ExampleCountParams() {
	root, err := printout.Parse("model.txt", small)
	if err != nil {
		fmt.Println(err)
		return
	}
	pc, _ := printout.CountParams(root)
	fmt.Println(pc.Params)
	for _, u := range pc.Unknown {
		fmt.Println("unknown:", u.Class, "at", u.Pos)
	}
	// Output:
	// 232
	// unknown: MyAct at model.txt:5:14
}

func ExampleConvert() {
	script, notes, err := printout.Convert("model.txt", small)
	if err != nil {
		fmt.Println(err)
		return
	}
	i := strings.Index(script, "model = ")
	fmt.Print(script[i:])
	for _, n := range notes {
		fmt.Println(n)
	}
	// Output:
	// model = Sequential(*(
	//     [Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)] +
	//     [BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)] +
	//     [ReLU(inplace=True)] +
	//     [_Unknown("MyAct") for _ in range(2)]
	// ))
	// model.txt:1:1: input_shape (1, 3, 224, 224) is a default (the usual image-classifier size): a printout does not show the input size
	// model.txt:5:14: MyAct (line 5) is not a class FlopLab knows: counted as 0 parameters and 0 MACs, its input passed through unchanged; MyAct prints no sizes, so it likely holds no weights
}

const lm = `LM(
  (embed): Embedding(100, 16)
  (body): Linear(in_features=16, out_features=16, bias=True)
  (head): Linear(in_features=16, out_features=100, bias=False)
)`

func ExampleTieCandidates() {
	root, _ := printout.Parse("lm.txt", lm)
	for _, t := range printout.TieCandidates(root) {
		fmt.Println(t.Module, "->", t.Target, t.Params, "default:", t.Default)
	}
	untied, _ := printout.CountParams(root)
	tied, _ := printout.CountParamsWith(root, printout.ConvertOptions{Tie: [][2]string{{"head", "embed"}}})
	fmt.Println(untied.Params, tied.Params)
	// Output:
	// head -> embed 1600 default: false
	// 3472 1872
}
