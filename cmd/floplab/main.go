// Command floplab counts the parameters, MACs/FLOPs and bytes of a neural
// network written as a FlopLab model script, a preset, or a pasted
// print(model) printout, under any counting convention.
//
//	floplab count [FILE | - | --preset NAME] [--input 1x3x224x224] [--convention NAME|all]
//	              [--format table|json|csv|markdown] [--dtype fp32] [--mode train|eval]
//	              [--memory inference|train] [--optimizer sgd|momentum|adam|adamw]
//	              [--device ID|NAME:TFLOPS:GB/s:GB] [--seq N] [--kv-layers N --kv-heads N --head-dim N]
//	              [--tie MODULE=TARGET]... [--untie] [--pass forward|train] [--lang en|zh]
//	floplab devices
//	floplab presets [--format table|json]
//	floplab conventions
//
// Exit status: 0 on success, 1 on a model error (printed with its
// position), 2 on a usage error.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"floplab/core"
	"floplab/core/convention"
	"floplab/core/diag"
	"floplab/core/hw"
	"floplab/core/importers"
	"floplab/core/inputs"
	"floplab/core/msg"
	"floplab/core/printout"
	"floplab/core/units"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  floplab count [FILE | - | --preset NAME] [--input 1x3x224x224[,1x128]] [--convention NAME|all]
                [--format table|json|csv|markdown] [--dtype fp32] [--mode train|eval]
                [--memory inference|train] [--optimizer sgd|momentum|adam|adamw]
                [--device ID|NAME:TFLOPS:GB/s:GB] [--seq N] [--kv-layers N] [--kv-heads N] [--head-dim N]
                [--kv-dtype fp16|bf16|fp8|int8|int4] [--quant none|int8|fp8|gptq-int4|awq-int4|nf4|q8_0|q4_k_m|...]
                [--lora-rank N] [--lora-targets q_proj,v_proj|all-linear]   LoRA rows of a config's estimate
                [--tie MODULE=TARGET]... [--untie]    weight ties of a print(model) printout
                [--assume CLASS=PARAMS[:MACS]]...     what a printout's unknown class holds
                [--pass forward|train]                train: also the backward pass, op by op (torch, floplab)
                [--lang en|zh]                        language of the table output and errors
  floplab presets [--format table|json]
  floplab conventions
  floplab devices               the built-in device table (peak per dtype, bandwidth, memory)
  floplab convert FILE|-        print the model script equivalent to a print(model) printout
`

// analyze is core.Analyze; the golden test swaps in a core.Analyzer so
// that the outputs of one preset share its trace.
var analyze = core.Analyze

type usageError struct{ msg string }

// errHelp is -h or --help after a command: the usage, on standard
// output, and exit status 0.
var errHelp = errors.New("help requested")

// parseError is a flag set's parse error as the CLI reports it.
func parseError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return usageError{err.Error()}
}

func (e usageError) Error() string { return e.msg }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "count":
		err = cmdCount(args[1:], stdin, stdout)
	case "presets":
		err = cmdPresets(args[1:], stdout)
	case "conventions":
		err = cmdConventions(stdout)
	case "devices":
		err = cmdDevices(stdout)
	case "convert":
		err = cmdConvert(args[1:], stdin, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "floplab: %s\n%s", ue.msg, usage)
		return 2
	}
	lang := msg.EN
	var il inLang
	if errors.As(err, &il) {
		lang, err = il.lang, il.err
	}
	for _, e := range diag.As(err) {
		fmt.Fprintf(stderr, "%s\n", e.In(lang))
	}
	return 1
}

// inLang is an error to print in a language (count --lang zh).
type inLang struct {
	err  error
	lang string
}

func (e inLang) Error() string { return e.err.Error() }
func (e inLang) Unwrap() error { return e.err }

// parseInputs reads --input with FlopLab's one input grammar
// (inputs.Parse): "1x3x224x224", "1x128,1x128", and the short forms
// Analyze reads against the model ("3x224x224", "224", "128").
func parseInputs(s string) ([][]int64, error) {
	in, err := inputs.Parse(s)
	var de *diag.Error
	if errors.As(err, &de) {
		return nil, usageError{fmt.Sprintf("--input %q: %s (hint: %s)", s, de.Msg, de.Hint)}
	}
	return in, err
}

// tieFlags collects --tie MODULE=TARGET (repeatable).
type tieFlags [][2]string

func (t *tieFlags) String() string {
	var parts []string
	for _, p := range *t {
		parts = append(parts, p[0]+"="+p[1])
	}
	return strings.Join(parts, ",")
}

func (t *tieFlags) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		m, tg, ok := strings.Cut(strings.TrimSpace(part), "=")
		m, tg = strings.TrimSpace(m), strings.TrimSpace(tg)
		if !ok || m == "" || tg == "" {
			return fmt.Errorf("--tie %q: want MODULE=TARGET, e.g. lm_head=transformer.wte", v)
		}
		*t = append(*t, [2]string{m, tg})
	}
	return nil
}

// assumeFlags collects --assume CLASS=PARAMS[:MACS_PER_CALL] (repeatable).
type assumeFlags []core.Assumption

func (a *assumeFlags) String() string {
	var parts []string
	for _, x := range *a {
		parts = append(parts, fmt.Sprintf("%s=%d:%d", x.Class, x.Params, x.MACs))
	}
	return strings.Join(parts, ",")
}

func (a *assumeFlags) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		class, nums, ok := strings.Cut(strings.TrimSpace(part), "=")
		ps, ms, hasMACs := strings.Cut(nums, ":")
		p, err1 := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(ps), "_", ""), 10, 64)
		var m int64
		var err2 error
		if hasMACs {
			m, err2 = strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(ms), "_", ""), 10, 64)
		}
		if !ok || strings.TrimSpace(class) == "" || err1 != nil || err2 != nil || p < 0 || m < 0 {
			return fmt.Errorf("--assume %q: want CLASS=PARAMS[:MACS_PER_CALL], e.g. MyMixer=4096:1048576", v)
		}
		*a = append(*a, core.Assumption{Class: strings.TrimSpace(class), Params: p, MACs: m})
	}
	return nil
}

func cmdCount(args []string, stdin io.Reader, stdout io.Writer) error {
	lang := msg.EN
	err := count(args, stdin, stdout, &lang)
	var ue usageError
	if err != nil && lang != msg.EN && !errors.As(err, &ue) {
		return inLang{err, lang}
	}
	return err
}

// count is the count command; it sets *lang as soon as --lang is read, so
// its errors print in that language.
func count(args []string, stdin io.Reader, stdout io.Writer, outLang *string) error {
	fs := flag.NewFlagSet("count", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	preset := fs.String("preset", "", "gallery preset name")
	input := fs.String("input", "", "input shape(s), e.g. 1x3x224x224")
	conv := fs.String("convention", "floplab", "counting convention, or all")
	format := fs.String("format", "table", "table, json, csv or markdown")
	mode := fs.String("mode", "", "the model's mode: train or eval (default: as the script leaves it, eval unless it calls train())")
	dtype := fs.String("dtype", "", "element type for bytes (default fp32; a config.json model: its torch_dtype)")
	memMode := fs.String("memory", "", "memory estimate: inference or train")
	optimizer := fs.String("optimizer", "adam", "optimizer for --memory train: sgd, momentum, adam, adamw")
	device := fs.String("device", "", "device id (floplab devices) or NAME:TFLOPS:GB/s:GB")
	seq := fs.Int64("seq", 0, "KV cache sequence length (default: the input's)")
	kvLayers := fs.Int64("kv-layers", 0, "KV cache layers (default: from the traced graph)")
	kvHeads := fs.Int64("kv-heads", 0, "KV heads (default: from the traced graph)")
	headDim := fs.Int64("head-dim", 0, "head dimension (default: from the traced graph)")
	kvDType := fs.String("kv-dtype", "", "KV cache element type: fp16, bf16, fp8, int8, int4 (default: the weights' dtype)")
	quant := fs.String("quant", "", "weights quantized as int8, fp8, gptq-int4, awq-int4, nf4, nf4-single, q8_0, q6_k, q5_k_m, q4_k_m, q4_0, or none: at the dtype (inference; default: the format a config's quantization_config names, else none)")
	loraRank := fs.Int64("lora-rank", 0, "LoRA rank of the fine-tuning estimate of a config.json model (default 16)")
	loraTargets := fs.String("lora-targets", "", "LoRA target modules, PEFT's names: q_proj,v_proj or all-linear (default: the family's query and value projections)")
	var ties tieFlags
	fs.Var(&ties, "tie", "printout weight tie MODULE=TARGET, counted once (repeatable)")
	untie := fs.Bool("untie", false, "count the weights a printout's class ties by default separately")
	var assume assumeFlags
	fs.Var(&assume, "assume", "what a printout's unknown class holds and does, CLASS=PARAMS[:MACS_PER_CALL] (repeatable)")
	lang := fs.String("lang", "en", "language of the table output and of errors: en or zh (JSON and CSV stay English)")
	pass := fs.String("pass", "forward", "forward, or train: also count the backward pass op by op (torch and floplab conventions)")
	// Accept flags after the file name too.
	var files []string
	rest := args
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return parseError(err)
		}
		rest = fs.Args()
		if len(rest) > 0 {
			files = append(files, rest[0])
			rest = rest[1:]
		}
	}
	if *lang != msg.EN && *lang != msg.ZH {
		return usageError{fmt.Sprintf("--lang %q: want en or zh", *lang)}
	}
	*outLang = *lang
	if *pass != core.PassForward && *pass != core.PassTrain {
		return usageError{fmt.Sprintf("--pass %q: want forward or train", *pass)}
	}
	if *mode != "" && *mode != "train" && *mode != "eval" {
		return usageError{fmt.Sprintf("--mode %q: want train or eval", *mode)}
	}
	req := core.Request{Preset: *preset, DType: *dtype, Mode: *mode, Ties: ties, Untie: *untie, Assume: assume, Importers: importers.All(), Pass: *pass}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *memMode != "" || *device != "" || set["seq"] || set["kv-layers"] || set["kv-heads"] || set["head-dim"] || set["optimizer"] || set["kv-dtype"] || set["quant"] || set["lora-rank"] || set["lora-targets"] {
		if *seq < 0 || *kvLayers < 0 || *kvHeads < 0 || *headDim < 0 {
			return usageError{"--seq, --kv-layers, --kv-heads and --head-dim must be positive"}
		}
		switch *memMode {
		case "", "inference", "train":
		default:
			return usageError{fmt.Sprintf("--memory %q: want inference or train", *memMode)}
		}
		if set["optimizer"] && *memMode != "train" {
			return usageError{"--optimizer applies to --memory train"}
		}
		if *loraRank < 0 || *loraRank > core.MaxLoRARank {
			return usageError{fmt.Sprintf("--lora-rank %d: want 1 to %d", *loraRank, core.MaxLoRARank)}
		}
		targets, err := core.ParseLoRATargets(*loraTargets)
		if err != nil {
			return err
		}
		req.Demand = &core.DemandOptions{Mode: *memMode, Optimizer: *optimizer, Device: *device, Seq: *seq,
			KVLayers: *kvLayers, KVHeads: *kvHeads, HeadDim: *headDim, KVDType: *kvDType, Quant: *quant,
			LoRARank: *loraRank, LoRATargets: targets}
	}
	if *conv == "all" {
		req.AllConventions = true
	} else {
		req.Convention = *conv
	}
	if *input != "" {
		in, err := parseInputs(*input)
		if err != nil {
			return err
		}
		req.Inputs = in
	}
	switch {
	case *preset != "" && len(files) > 0:
		return usageError{"give a file or --preset, not both"}
	case *preset == "" && len(files) != 1:
		return usageError{"give one model file (or - for standard input) or --preset NAME"}
	case len(files) == 1:
		var src []byte
		var err error
		if files[0] == "-" {
			src, err = io.ReadAll(io.LimitReader(stdin, 8<<20))
			req.Filename = "stdin"
		} else {
			src, err = os.ReadFile(files[0])
			req.Filename = files[0]
		}
		if err != nil {
			return err
		}
		req.Script = string(src)
	}
	rep, err := analyze(req)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		js, err := core.ReportJSON(rep)
		if err != nil {
			return err
		}
		_, err = io.WriteString(stdout, js)
		return err
	case "csv":
		_, err := io.WriteString(stdout, core.LayersCSV(rep))
		return err
	case "markdown", "md":
		io.WriteString(stdout, core.LayersMarkdown(rep))
		writeSummary(printer{stdout, *lang}, rep)
		return nil
	case "table":
		writeTable(printer{stdout, *lang}, rep)
		return nil
	}
	return usageError{fmt.Sprintf("unknown format %q", *format)}
}

func shapeStr(s []int64) string {
	var parts []string
	for _, d := range s {
		parts = append(parts, strconv.FormatInt(d, 10))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// printer writes the table output's texts in a language: each format is
// an English text with a Chinese entry in zh.go (see core/msg).
type printer struct {
	w    io.Writer
	lang string
}

// f writes msg.F(format, args...) in p's language.
func (p printer) f(format string, args ...any) {
	io.WriteString(p.w, msg.F(format, args...).In(p.lang))
}

func writeTable(p printer, rep *core.Report) {
	// tabwriter counts a Chinese character as one column; a terminal
	// shows two. In Chinese each wide character gets a NUL after it for
	// tabwriter to count, and the NULs are dropped from its output.
	var out io.Writer = p.w
	var buf bytes.Buffer
	if p.lang == msg.ZH {
		out = &buf
	}
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', tabwriter.AlignRight)
	t := func(s string) string { return wideCells(p.lang, column(p.lang, s)) }
	roof := rep.Demand != nil && rep.Demand.Roofline != nil && len(rep.Demand.Roofline.Layers) == len(rep.Layers)
	extra := ""
	bwd := rep.Totals.BackwardFLOPs != nil
	if bwd {
		extra = t("backward") + "\t"
	}
	if roof {
		extra += "FLOP/B\t" + t("bound") + "\t" + t("lower bound") + "\t"
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\tMACs\tFLOPs\t%s\t%s\n", t("layer"), t("type"), t("output shape"), t("params"), rep.Convention, extra)
	for i, l := range rep.Layers {
		extra = ""
		if bwd {
			extra = units.Thousands(l.Backward) + "\t"
		}
		if roof {
			rl := rep.Demand.Roofline.Layers[i]
			extra += fmt.Sprintf("%.1f\t%s\t%s\t", rl.Intensity, wideCells(p.lang, msg.Tr(p.lang, rl.Bound)), core.FormatSeconds(rl.Seconds))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", wideCells(p.lang, l.Name), wideCells(p.lang, l.Type), shapeStr(l.OutputShape),
			units.Thousands(l.Params), units.Thousands(l.MACs), units.Thousands(l.FLOPs), units.Thousands(l.Count), extra)
	}
	tw.Flush()
	if p.lang == msg.ZH {
		p.w.Write(bytes.ReplaceAll(buf.Bytes(), []byte{0}, nil))
	}
	writeSummary(p, rep)
}

func writeSummary(p printer, rep *core.Report) {
	t := rep.Totals
	th := units.Thousands
	dt, _ := units.Lookup(rep.DType)
	var ins []string
	for _, in := range rep.Inputs {
		ins = append(ins, shapeStr(in))
	}
	if rep.Mode == "train" {
		p.f("\nmodel %s, input %s, train mode\n", rep.Model, strings.Join(ins, ", "))
	} else {
		p.f("\nmodel %s, input %s\n", rep.Model, strings.Join(ins, ", "))
	}
	p.f("params: %s (trainable %s, non-trainable %s), buffers %s\n", th(t.Params), th(t.TrainableParams), th(t.NonTrainableParams), th(t.Buffers))
	if d := rep.Demand; d != nil && d.Quant != "" {
		// The memory table counts the weights quantized (--quant, or the
		// config's quantization_config by default): the summary states
		// that figure, in that format, and the dtype's beside it.
		w := d.Memory.WeightsBytes
		p.f("weights in %s (memory below): %s B = %s = %s; at %s: %s B\n", d.Quant, th(w), units.FormatBytes(w, units.Decimal), units.FormatBytes(w, units.Binary), dt.Name, th(t.ParamBytes))
	} else {
		p.f("weights in %s: %s B = %s = %s\n", dt.Name, th(t.ParamBytes), units.FormatBytes(t.ParamBytes, units.Decimal), units.FormatBytes(t.ParamBytes, units.Binary))
	}
	p.f("FlopLab: %s MACs, %s FLOPs (= 2·MACs + %s add + %s mul + %s cmp + %s exp)\n",
		th(t.MACs), th(t.FLOPs), th(t.Ops.Add), th(t.Ops.Mul), th(t.Ops.Cmp), th(t.Ops.Exp))
	if rep.Convention != "floplab" && t.CountFailed != "" {
		// The real tool raises: no figure to print, only what its rules
		// count of the other calls.
		p.f("%s: %s; params %s; its rules count %s %s on the other calls\n", rep.Convention, core.NoFigure(rep.Convention, strings.Split(t.CountFailed, ", ")), th(t.CountParams), th(t.Count), t.CountUnit)
	} else if rep.Convention != "floplab" {
		p.f("%s: %s %s, params %s — printed as %s\n", rep.Convention, th(t.Count), t.CountUnit, th(t.CountParams), core.Printed(rep.Convention, t.Count, t.CountParams))
		if t.CountOutsideLayers != 0 {
			p.f("  of which %s in its functional counter, outside the layer rows (patched functionals that modules call)\n", th(t.CountOutsideLayers))
		}
	}
	if b := t.BackwardFLOPs; b != nil {
		p.f("backward pass (%s): %s FLOPs\n", rep.Convention, th(*b))
	}
	if !rep.Complete {
		// Beside the totals, so a partial figure is never read as a full one.
		if rep.AssumedLayers > 0 {
			p.f("partial: the MACs and FLOPs above are of %d of %d layers, and of %d more counted from an input shape FlopLab assumed; the parts not counted are listed in the notes\n", rep.CountedLayers, rep.TotalLayers, rep.AssumedLayers)
		} else {
			p.f("partial: the MACs and FLOPs above are of %d of %d layers; the parts not counted are listed in the notes\n", rep.CountedLayers, rep.TotalLayers)
		}
	}
	if len(rep.Conventions) > 0 {
		p.f("\nconvention          count            unit  params        printed\n")
		for _, c := range core.Conventions() {
			r := rep.Conventions[c.ID]
			if len(r.Failed) > 0 {
				fmt.Fprintf(p.w, "%-18s %s  %-4s  %12s  %s\n", c.ID, padLeft(msg.F("no figure").In(p.lang), 16), r.CountUnit, th(r.Params), core.NoFigure(c.ID, r.Failed).In(p.lang))
				continue
			}
			fmt.Fprintf(p.w, "%-18s %16s  %-4s  %12s  %s\n", c.ID, th(r.Count), r.CountUnit, th(r.Params), r.Printed)
		}
	}
	writeTies(p, rep.Ties)
	writeDemand(p, rep.Demand)
	for _, n := range rep.NotesIn(p.lang) {
		p.f("note: %s\n", n)
	}
}

// padLeft right-aligns s in w terminal columns (a wide character takes
// two).
func padLeft(s string, w int) string {
	for _, r := range s {
		w--
		if isWide(r) {
			w--
		}
	}
	return strings.Repeat(" ", max(w, 0)) + s
}

// isWide reports whether a terminal shows r in two columns (East Asian
// wide and full-width characters).
func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
		r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6)
}

// padRight pads s with spaces to width terminal columns, counting a wide
// character as two.
func padRight(s string, width int) string {
	w := 0
	for _, r := range s {
		w++
		if isWide(r) {
			w++
		}
	}
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

// wideCells marks, for writeTable's Chinese output, each wide character
// of a cell with a NUL after it; other languages get s unchanged.
func wideCells(lang, s string) string {
	if lang != msg.ZH {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == 0 {
			continue
		}
		b.WriteRune(r)
		if isWide(r) {
			b.WriteByte(0)
		}
	}
	return b.String()
}

// writeTies lists a printout's tie candidates and whether each is
// counted once, with the flag that flips it.
func writeTies(p printer, ties []core.TieInfo) {
	if len(ties) == 0 {
		return
	}
	p.f("\nweight ties (a printout cannot show them):\n")
	for _, t := range ties {
		state, flip := msg.F("untied, counted separately"), msg.Cat("--tie "+t.Module+"="+t.Target)
		if t.Active {
			state = msg.F("tied, counted once")
			flip = msg.Cat("--untie")
			if !t.Default {
				flip = msg.F("drop %s", "--tie "+t.Module+"="+t.Target)
			}
		}
		def := msg.Cat()
		if t.Default {
			def = msg.F(", the class's default")
		}
		p.f("  %s.weight = %s.weight  %s params  %s (%s%s; %s)\n", t.Module, t.Target, units.Thousands(t.Params), state, msg.F(t.Why), def, flip)
	}
}

// writeDemand prints the memory terms and device times: the same lines
// and formulas as the page's "Memory & speed" tab.
func writeDemand(p printer, d *core.Demand) {
	if d == nil {
		return
	}
	head := msg.F("inference")
	if d.Mode == core.ModeTrain {
		head = msg.F("training step, %s", d.Optimizer)
	}
	p.f("\nmemory (%s, %s):\n", head, d.DType)
	line := func(name string, b int64, formula string) {
		fmt.Fprintf(p.w, "  %s %18s B %12s %13s   %s\n", padRight(name, 28), units.Thousands(b), units.FormatBytesIn(b, "MB"), units.FormatBytesIn(b, "MiB"), formula)
	}
	for _, t := range d.Terms {
		line(msg.Tr(p.lang, t.Name), t.Bytes, t.FormulaIn(p.lang))
	}
	line(msg.Tr(p.lang, "total"), d.Total.Bytes, d.Total.FormulaIn(p.lang))
	if inf := d.Inference; inf != nil {
		p.f("activations, other figures:\n")
		line(msg.Tr(p.lang, "input"), inf.Input.Bytes, inf.Input.FormulaIn(p.lang))
		line(msg.Tr(p.lang, "peak live set"), inf.Peak.Bytes, inf.Peak.FormulaIn(p.lang))
		line(msg.Tr(p.lang, "sum of all outputs"), inf.OutputsSum.Bytes, inf.OutputsSum.FormulaIn(p.lang))
		line(msg.Tr(p.lang, "torchinfo fwd/bwd pass size"), inf.Torchinfo.Bytes, inf.Torchinfo.FormulaIn(p.lang))
	}
	if d.KV != nil {
		p.f("KV cache: %d layers, batch %d, seq %d, %d KV heads, head dim %d (%s)\n", d.KV.Layers, d.KV.Batch, d.KV.Seq, d.KV.KVHeads, d.KV.HeadDim, d.KV.SourceText)
	}
	if ds := d.Device; ds != nil {
		io.WriteString(p.w, "\n"+d.Fit.Msg.In(p.lang)+"\n")
		if ds.Error != "" {
			p.f("  no lower-bound time: %s\n", ds.Error)
		} else {
			r := d.Roofline
			p.f("  peak %s FLOP/s (%s), bandwidth %s B/s, ridge %.1f FLOP/B\n", core.FormatRate(float64(r.Peak)), r.DType, core.FormatRate(float64(r.Bandwidth)), r.Ridge)
			p.f("  forward lower bound %s (%s-bound: compute-bound layers %s, memory-bound layers %s); fused ideal %s\n", core.FormatSeconds(ds.LowerBoundSeconds), msg.F(ds.Bound),
				core.FormatSeconds(r.ComputeSeconds), core.FormatSeconds(r.MemorySeconds), core.FormatSeconds(ds.FusedSeconds))
			rate := msg.F("%s samples/s (batch %d)", core.FormatRate(ds.PerSecond), r.Batch)
			if ds.TokensPerSecond > 0 {
				rate = msg.Cat(rate, msg.F(", %s tokens/s", core.FormatRate(ds.TokensPerSecond)))
			}
			p.f("  at most %s; training step ≥ %s (forward + backward, layer by layer)\n", rate, core.FormatSeconds(ds.TrainStepSeconds))
		}
	}
	for _, n := range d.NotesIn(p.lang) {
		p.f("note: %s\n", n)
	}
}

func cmdPresets(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("presets", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "table", "table or json")
	if err := fs.Parse(args); err != nil {
		return parseError(err)
	}
	rows, err := core.Gallery()
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if *format != "table" {
		return usageError{fmt.Sprintf("unknown format %q", *format)}
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "preset\tgroup\tyear\tinput\tparams\tMACs\ttorchvision GMACs\tfp32 MB\tfp32 MiB\tparams/MAC\tFC params %\tconv MACs %\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.4f\t%.1f\t%.1f\t\n", r.Name, r.Group, r.Year, shapeStr(r.Input[0]),
			units.Thousands(r.Params), units.Thousands(r.MACs), convention.TorchvisionGFLOPS(r.TorchvisionMACs),
			units.FormatBytesIn(r.FP32Bytes, "MB"), units.FormatBytesIn(r.FP32Bytes, "MiB"), r.ParamsPerMAC, r.LinearParamShare*100, r.ConvMACShare*100)
	}
	tw.Flush()
	return nil
}

func cmdDevices(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tfp32 TFLOP/s\tbf16 TFLOP/s\tbandwidth GB/s\tmemory\t")
	tf := func(d hw.Device, dt string) string {
		if p, ok := d.PeakFor(dt); ok {
			return strconv.FormatFloat(float64(p)/1e12, 'f', -1, 64)
		}
		return "–"
	}
	for _, d := range hw.Devices() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", d.ID, d.Name, tf(d, "fp32"), tf(d, "bf16"),
			strconv.FormatFloat(float64(d.Bandwidth)/1e9, 'f', -1, 64), units.FormatBytesIn(d.Capacity, "GiB"))
	}
	return tw.Flush()
}

func cmdConventions(stdout io.Writer) error {
	for _, c := range core.Conventions() {
		fmt.Fprintf(stdout, "%-18s %s %s (%s)\n", c.ID, c.Tool, c.Version, c.Unit)
	}
	return nil
}

func cmdConvert(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		return errHelp
	}
	if len(args) != 1 {
		return usageError{"convert takes one printout file (or - for standard input)"}
	}
	var src []byte
	var err error
	name := args[0]
	if name == "-" {
		src, err = io.ReadAll(io.LimitReader(stdin, 8<<20))
		name = "stdin"
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		return err
	}
	script, notes, err := printout.Convert(name, string(src))
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, script)
	for _, n := range notes {
		fmt.Fprintln(stderr, n.String())
	}
	return nil
}
