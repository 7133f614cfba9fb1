package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"floplab/core"
	"floplab/core/memory"
	"floplab/core/msg"
	"floplab/core/units"
)

// ResultCards is the row of headline figures above the results: each a
// number as the article and the tools print it, its exact value in
// data-value, and its formula a click away (handed to the page's formula
// box through Show). The figures are computed by Cards when the report,
// the language or the byte unit changes, not in Render.
type ResultCards struct {
	app.Compo

	Report *core.Report
	Lang   string
	Unit   string
	Convs  []Convention
	// Show puts a formula in the page's formula box.
	Show func(Formula)

	built struct {
		rep        *core.Report
		lang, unit string
		convs      int // the report's conventions counted (the All tools tab fills them)
	}
	cards []Card
}

// Cards are the figures shown, for the current report.
func (k *ResultCards) Cards() []Card {
	k.sync()
	return k.cards
}

func (k *ResultCards) sync() {
	convs := 0
	if k.Report != nil {
		convs = len(k.Report.Conventions)
	}
	if k.Report == k.built.rep && k.Lang == k.built.lang && k.Unit == k.built.unit && convs == k.built.convs {
		return
	}
	k.built.rep, k.built.lang, k.built.unit, k.built.convs = k.Report, k.Lang, k.Unit, convs
	k.cards = nil
	if k.Report != nil {
		k.cards = Cards(k.Report, k.Lang, k.Unit, k.Convs)
	}
}

// Render draws the cards.
func (k *ResultCards) Render() app.UI {
	if k.Report != nil {
		markMS("cards")
	}
	k.sync()
	return div("cards",
		each(len(k.cards), func(i int) app.UI {
			c := k.cards[i]
			return div("card card-"+c.Metric,
				divt("card-title", c.Title),
				el("button", "type", "button", "class", "metric",
					"data-metric", c.Metric, "data-value", strconv.FormatInt(c.Value, 10),
					"aria-label", c.Title+": "+c.Big).Text(c.Big).
					OnClick(k.onFormula(c.Formula), c.Metric, c.Formula.Title, c.Formula.Body),
				divt("card-sub", c.Sub),
				when(c.Tool != "", divt("card-tool mono", c.Tool)),
				when(c.Partial != "", el("div", "class", "card-partial", "data-partial", "true").Text(c.Partial)),
			)
		})...,
	)
}

func (k *ResultCards) onFormula(f Formula) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if k.Show != nil {
			k.Show(f)
		}
	}
}

// Card is one headline figure.
type Card struct {
	Metric string // data-metric
	Value  int64  // data-value, exact
	Title  string
	Big    string
	Sub    string
	// Tool is the selected tool's own output line, for the count card.
	Tool string
	// Partial says that the figure leaves out part of the model ("MACs of
	// 2 of 3 layers"), on the operation-count cards of a partial result:
	// a partial total is never shown as a full one.
	Partial string
	Formula Formula
}

// Cards computes the headline figures of a report; a plain function so the
// numbers and formulas are tested natively.
func Cards(rep *core.Report, lang, unit string, convs []Convention) []Card {
	t := func(k string) string { return T(lang, k) }
	tot := rep.Totals
	label := ConventionLabel(convs, rep.Convention)
	// The big figure is the count the way the seed article and thop's
	// clever_format("%.2f") show it; the tool's own output line follows.
	printed := Short(tot.Count)
	toolLine := core.Printed(rep.Convention, tot.Count, tot.CountParams)
	countUnit := tot.CountUnit
	if countUnit == "" {
		countUnit = "MAC"
	}
	dt := rep.DType
	if dt == "" {
		dt = "fp32"
	}
	mb, mib := Bytes(tot.ParamBytes, false), Bytes(tot.ParamBytes, true)
	big, other := mb, mib
	if unit == "MiB" {
		big, other = mib, mb
	}
	// The figures with thousands separators.
	params, trainable, frozen := Thousands(tot.Params), Thousands(tot.TrainableParams), Thousands(tot.NonTrainableParams)
	macs, flops, count, countParams := Thousands(tot.MACs), Thousands(tot.FLOPs), Thousands(tot.Count), Thousands(tot.CountParams)
	bytes := Thousands(tot.ParamBytes)
	o := tot.Ops
	per := ""
	if tot.Params > 0 && tot.ParamBytes%tot.Params == 0 {
		per = " = " + params + " × " + strconv.FormatInt(tot.ParamBytes/tot.Params, 10)
	}
	countTitle, bytesTitle := sf(t("count"), label), sf(t("bytes"), dt)
	countSub := sf(t("count.sub"), count+" "+countUnit+"s", countParams)
	if tot.CountFailed != "" {
		// The tool's hook raises on the model (ptflops on a
		// PackedSequence): it prints no figure, and what its rules
		// count on the other calls is not one.
		printed, toolLine = "—", ""
		countSub = core.NoFigure(rep.Convention, strings.Split(tot.CountFailed, ", ")).In(lang)
	}
	cards := []Card{
		newCard("params", tot.Params, t("params"), params,
			sf(t("params.split"), trainable, frozen),
			sf(t("f.params"), trainable, frozen, params), ""),
		newCard("trainable_params", tot.TrainableParams, t("trainable"), trainable,
			Short(tot.TrainableParams), sf(t("f.trainable"), trainable), ""),
		newCard("buffers", tot.Buffers, t("buffers"), Thousands(tot.Buffers), BufferKinds(lang, rep),
			sf(t("f.buffers"), Thousands(tot.Buffers)), ""),
		newCard("macs", tot.MACs, t("macs"), Short(tot.MACs), macs+" · "+t("macs.sub"),
			fmt.Sprintf(t("f.macs"), len(rep.Layers), macs), articleLine(lang, rep)),
		newCard("flops", tot.FLOPs, t("flops"), Short(tot.FLOPs), flops+" · "+t("flops.sub"),
			sf(t("f.flops"), macs, Thousands(o.Add), Thousands(o.Mul), Thousands(o.Cmp), Thousands(o.Exp), flops), ""),
		newCard("count", tot.Count, countTitle, printed, countSub,
			sf(t("f.count"), label, countUnit, count, countParams, pick(toolLine != "", toolLine, countSub)), toolLine),
		newCard("param_bytes", tot.ParamBytes, bytesTitle, big,
			sf(t("bytes.sub"), bytes, other),
			sf(t("f.bytes"), dt, per, bytes, mb, mib), ""),
	}
	if q := rep.PublishedQuant(); q != nil && q.Format != "" {
		// A quantized checkpoint (a config's quantization_config): this
		// card sizes the weights at the chosen dtype; the Memory tab
		// counts them in the checkpoint's format by default.
		for i := range cards {
			if cards[i].Metric == "param_bytes" {
				cards[i].Sub += " · " + sf(t("bytes.published"), q.Format)
			}
		}
	}
	if b := tot.BackwardFLOPs; b != nil {
		// A training step (Request.Pass "train"): the backward pass beside the forward's FLOPs.
		// The forward pass as the same convention counts it: FlopLab's
		// FLOPs, or the tool's own count in FLOPs (torch's).
		fwd := tot.FLOPs
		if rep.Convention != "" && rep.Convention != "floplab" && tot.CountUnit == "FLOP" {
			fwd = tot.Count
		}
		bwd, step := Thousands(*b), "> 9,223,372,036,854,775,807" // beyond int64: said, never wrapped
		if sum, err := units.Add(fwd, *b); err == nil {
			step = Thousands(sum)
		}
		cards = append(cards, newCard("backward_flops", *b, t("backward"), Short(*b),
			sf(t("backward.sub"), bwd, step),
			sf(t("f.backward"), label, bwd, Thousands(fwd), bwd, step), ""))
	}
	if !rep.Complete {
		partial := PartialLabel(lang, "card.partial", rep)
		for i := range cards {
			switch cards[i].Metric {
			case "macs", "flops", "count":
				cards[i].Partial = partial
				cards[i].Formula.Body = partial + "\n\n" + cards[i].Formula.Body
			case "params", "trainable_params", "param_bytes":
				if rep.ParamsLowerBound {
					lower := t("card.params.lower")
					cards[i].Partial = lower
					cards[i].Formula.Body = lower + "\n\n" + cards[i].Formula.Body
				}
			}
		}
	}
	return cards
}

// PartialLabel is how a partial result's figures say what they cover:
// the message key ("card.partial", "incomplete") with the layers counted
// of all, or key.assumed's, which adds the layers counted from an input
// FlopLab assumed (core.Report.AssumedLayers: after a restart, so that a
// partial result never reads "N of N layers").
//
// The "incomplete" heading also says whether the parameters are exact:
// key.lower's text when a part not counted may hold weights
// (core.Report.ParamsLowerBound).
func PartialLabel(lang, key string, rep *core.Report) string {
	counted, total := Thousands(int64(rep.CountedLayers)), Thousands(int64(rep.TotalLayers))
	lower := ""
	if key == "incomplete" && rep.ParamsLowerBound {
		lower = ".lower"
	}
	if rep.AssumedLayers > 0 {
		return sf(T(lang, key+".assumed"+lower), counted, total, Thousands(int64(rep.AssumedLayers)))
	}
	return sf(T(lang, key+lower), counted, total)
}

// articleLine is, beside FlopLab's MACs, the figure the seed article
// prints (thop 0.0.31, "714.69M" for AlexNet), when the report has it
// (the page counts it for the AlexNet preset) and FlopLab's own is shown.
func articleLine(lang string, rep *core.Report) string {
	ct, ok := rep.Conventions["thop-0.0.31"]
	if !ok || (rep.Convention != "" && rep.Convention != "floplab") {
		return ""
	}
	return sf(T(lang, "article.line"), Short(ct.Count), Thousands(ct.Count))
}

// BufferKinds says what the model's buffers are: its buffer tensors by
// module class and name, the largest first, with their element counts
// ("GPT2Attention.bias (12,582,912), GPT2Attention.masked_bias (12); not
// parameters").
func BufferKinds(lang string, rep *core.Report) string {
	if rep.Graph == nil || rep.Totals.Buffers == 0 {
		return T(lang, "buffers.none")
	}
	var parts []string
	for i, k := range memory.BufferKinds(rep.Graph) {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, k.Module+"."+k.Name+" ("+Thousands(k.Elements)+")")
	}
	return sf(T(lang, "buffers.sub"), strings.Join(parts, msg.Tr(lang, ", ")))
}

// newCard is a card whose formula has the card's title.
func newCard(metric string, v int64, title, big, sub, formula, tool string) Card {
	return Card{Metric: metric, Value: v, Title: title, Big: big, Sub: sub, Tool: tool, Formula: Formula{title, formula}}
}
