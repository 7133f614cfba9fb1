package core

import (
	"fmt"
	"testing"
)

// The seed article's pytorch_model_summary 0.1.2 table for torchvision's
// AlexNet at 1x3x224x224 (show_input=False): "Layer (type)", "Output
// Shape", "Param #", one row per leaf module call.
var seedAlexNetRows = []struct {
	typ    string
	shape  string
	params int64
}{
	{"Conv2d", "[1 64 55 55]", 23296}, {"ReLU", "[1 64 55 55]", 0}, {"MaxPool2d", "[1 64 27 27]", 0},
	{"Conv2d", "[1 192 27 27]", 307392}, {"ReLU", "[1 192 27 27]", 0}, {"MaxPool2d", "[1 192 13 13]", 0},
	{"Conv2d", "[1 384 13 13]", 663936}, {"ReLU", "[1 384 13 13]", 0},
	{"Conv2d", "[1 256 13 13]", 884992}, {"ReLU", "[1 256 13 13]", 0},
	{"Conv2d", "[1 256 13 13]", 590080}, {"ReLU", "[1 256 13 13]", 0}, {"MaxPool2d", "[1 256 6 6]", 0},
	{"AdaptiveAvgPool2d", "[1 256 6 6]", 0},
	{"Dropout", "[1 9216]", 0}, {"Linear", "[1 4096]", 37752832}, {"ReLU", "[1 4096]", 0},
	{"Dropout", "[1 4096]", 0}, {"Linear", "[1 4096]", 16781312}, {"ReLU", "[1 4096]", 0},
	{"Linear", "[1 1000]", 4097000},
}

func TestSeedAlexNetSummary(t *testing.T) {
	rep, err := Analyze(Request{Preset: "alexnet"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []Layer
	for _, l := range rep.Layers {
		if l.Call == "module" {
			rows = append(rows, l)
		}
	}
	if len(rows) != len(seedAlexNetRows) {
		t.Fatalf("%d module rows, the seed has %d", len(rows), len(seedAlexNetRows))
	}
	var total int64
	for i, want := range seedAlexNetRows {
		got := rows[i]
		if got.Type != want.typ || fmt.Sprint(got.OutputShape) != want.shape || got.Params != want.params {
			t.Errorf("row %d (%s-%d): got %s %v %d, want %s %s %d", i+1, want.typ, i+1, got.Type, got.OutputShape, got.Params, want.typ, want.shape, want.params)
		}
		total += got.Params
	}
	if total != 61100840 || rep.Totals.TrainableParams != 61100840 || rep.Totals.NonTrainableParams != 0 {
		t.Errorf("totals %d / %d / %d, the seed prints 61,100,840 / 61,100,840 / 0", total, rep.Totals.TrainableParams, rep.Totals.NonTrainableParams)
	}
	// The seed's unit conversion: 4 bytes per fp32 parameter.
	if rep.Totals.ParamBytes != 244403360 {
		t.Errorf("param bytes %d, want 244,403,360", rep.Totals.ParamBytes)
	}
}
