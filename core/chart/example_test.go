package chart_test

import (
	"fmt"
	"strings"

	"floplab/core/chart"
)

func ExampleScatter() {
	svg := chart.Scatter(chart.Options{Title: "params vs MACs", X: chart.Axis{Label: "params", Log: true}, Y: chart.Axis{Label: "MACs", Log: true}},
		[]chart.Point{
			{X: 61100840, Y: 714188480, Label: "alexnet", Group: "classic"},
			{X: 11689512, Y: 1814073344, Label: "resnet18", Group: "resnet"},
		})
	fmt.Println(strings.HasPrefix(svg, "<svg"), strings.Count(svg, "<circle"))
	// Output: true 2
}

func ExampleEscape() {
	fmt.Println(chart.Escape(`<script>alert("x")</script>`))
	// Output: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;
}
