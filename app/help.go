package app

import (
	"floplab/core/presets"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Example is a one-click example of what the editor takes.
type Example struct {
	ID, Key string // element id, label key
	Script  string
}

// exampleLayers is a model written as the seed article writes one: layers
// one per line, which FlopLab reads as a Sequential (LeNet-5's shapes on a
// 3-channel 32×32 image).
const exampleLayers = `# Layers one per line form a Sequential, as the article lists a network.
input_shape = (1, 3, 32, 32)
Conv2d(3, 6, kernel_size=5)
ReLU()
MaxPool2d(2)
Conv2d(6, 16, kernel_size=5)
ReLU()
MaxPool2d(2)
Flatten()
Linear(16 * 5 * 5, 120)
ReLU()
Linear(120, 84)
ReLU()
Linear(84, 10)
`

// ExamplePrintout is print(torchvision.models.alexnet()) under torchvision
// 0.14 / torch 1.13 (the project's reference printouts).
const ExamplePrintout = `AlexNet(
  (features): Sequential(
    (0): Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    (3): Conv2d(64, 192, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
    (4): ReLU(inplace=True)
    (5): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    (6): Conv2d(192, 384, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (7): ReLU(inplace=True)
    (8): Conv2d(384, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (9): ReLU(inplace=True)
    (10): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (11): ReLU(inplace=True)
    (12): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
  )
  (avgpool): AdaptiveAvgPool2d(output_size=(6, 6))
  (classifier): Sequential(
    (0): Dropout(p=0.5, inplace=False)
    (1): Linear(in_features=9216, out_features=4096, bias=True)
    (2): ReLU(inplace=True)
    (3): Dropout(p=0.5, inplace=False)
    (4): Linear(in_features=4096, out_features=4096, bias=True)
    (5): ReLU(inplace=True)
    (6): Linear(in_features=4096, out_features=1000, bias=True)
  )
)
`

// Examples are the help's one-click examples: a script, a printout and a
// Hugging Face config.json (GPT-2's, as the gallery has it).
func Examples() []Example {
	ex := []Example{
		{"example-layers", "help.ex.layers", exampleLayers},
		{"example-printout", "help.ex.printout", ExamplePrintout},
	}
	if p, ok := presets.Lookup("gpt2"); ok && p.Config != "" {
		ex = append(ex, Example{"example-config", "help.ex.config", presets.ConfigText(p)})
	}
	return ex
}

// renderHelp says what the editor takes, with one-click examples, the
// language reference and the article's AlexNet table.
func (c *Calculator) renderHelp() app.UI {
	ex := Examples()
	return el("div", "id", "help", "class", "help").Body(
		p("", "", c.t("help.intro")),
		div("help-actions", append(each(len(ex), func(i int) app.UI {
			e := ex[i]
			return button(e.ID, "ghost", c.t(e.Key)).OnClick(c.onExample(i), e.ID)
		}),
			button("help-article", "ghost", c.t("article.run")).OnClick(c.onArticleFromHelp),
			el("a", "id", "help-language", "href", "web/language.html", "target", "_blank", "rel", "noopener").Text(c.t("help.language")),
		)...),
	)
}

// onExample puts example i in the editor (the settings stay).
func (c *Calculator) onExample(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ex := Examples()
		if i >= len(ex) {
			return
		}
		st := c.st
		st.Script, st.Preset, st.Input, st.Batch, st.Tie, st.Untie = ex[i].Script, "", "", 0, nil, false
		c.apply(ctx, st)
	}
}

// onArticleFromHelp opens the Memory & speed tab on the article's AlexNet
// table (224, 512, batch 8, thop 0.0.31) and brings it into view.
func (c *Calculator) onArticleFromHelp(ctx app.Context, e app.Event) {
	c.st.Tab = "memory"
	c.runArticle()
	c.save(ctx)
	ctx.Defer(func(app.Context) { scrollIntoView("article") })
}
