package core_test

import (
	"fmt"

	"floplab/core"
)

func ExampleAnalyze() {
	rep, err := core.Analyze(core.Request{
		Script:     "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3, padding=1)\nReLU()\n",
		Convention: "thop-0.0.31",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Totals.Params, "params")
	fmt.Println(rep.Totals.MACs, "MACs (FlopLab)")
	fmt.Println(rep.Totals.Count, rep.Totals.CountUnit, "(thop 0.0.31 adds the bias)")
	fmt.Println(rep.Layers[0].ParamsFormula)
	// Output:
	// 224 params
	// 221184 MACs (FlopLab)
	// 229376 MAC (thop 0.0.31 adds the bias)
	// (3·3·3/1 + 1)·8 = 224 params
}

func ExampleAnalyze_error() {
	_, err := core.Analyze(core.Request{Script: "input_shape = (1, 3, 32, 32)\nConv2d(4, 8, 3)\n"})
	fmt.Println(err)
	// Output:
	// model.star:2:7: Conv2d(4, 8, 3) expects 4 input channels, got 3 (input [1, 3, 32, 32]) (hint: the previous layer's channels must equal this layer's in_channels)
}

func ExampleReport_LayerFormulasIn() {
	rep, err := core.Analyze(core.Request{
		Script:        "input_shape = (1, 3, 32, 32)\nConv2d(3, 8, 3, padding=1)\n",
		DeferFormulas: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", rep.Layers[0].ParamsFormula) // left empty by DeferFormulas
	_, params, _ := rep.LayerFormulasIn("en", 0)
	fmt.Println(params)
	_, params, _ = rep.LayerFormulasIn("zh", 0)
	fmt.Println(params != "")
	// Output:
	// ""
	// (3·3·3/1 + 1)·8 = 224 params
	// true
}

func ExampleAnalyzer() {
	var a core.Analyzer
	for _, conv := range []string{"floplab", "thop-0.0.31", "torchvision"} {
		rep, err := a.Analyze(core.Request{Preset: "alexnet", Convention: conv})
		if err != nil {
			fmt.Println(err)
			return
		}
		// Only the first request runs the script; the others count its trace.
		fmt.Println(conv, rep.Totals.Count, rep.Totals.CountUnit)
	}
	// Output:
	// floplab 714188480 MAC
	// thop-0.0.31 714691904 MAC
	// torchvision 714188480 MAC
}
