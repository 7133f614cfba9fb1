package core

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"strconv"
	"strings"

	"floplab/core/units"
)

// The exports of the per-layer table, shared by the CLI (--format csv,
// markdown, json) and the page's copy/download buttons.

// exportHeader and exportRecord list the report's own layers in call
// order: what the engine computed, not the page's synthesized groups.
func exportHeader(rep *Report) []string {
	return []string{"name", "type", "output_shape", "params", "macs", "flops", countColumn(rep), "percent"}
}

func countColumn(rep *Report) string {
	unit := strings.ToLower(rep.Totals.CountUnit)
	if unit == "" {
		unit = "count"
	}
	return rep.Convention + "_" + unit + "s"
}

// outsideRecord is the line for Totals.CountOutsideLayers (ptflops'
// functional counter for the patched functionals modules call), between
// the layers and the total; nil when no count lies outside the layers.
func outsideRecord(rep *Report) []string {
	n := rep.Totals.CountOutsideLayers
	if n == 0 {
		return nil
	}
	return []string{"(outside the layers)", "functional counter", "", "", "", "",
		strconv.FormatInt(n, 10), strings.TrimSuffix(Percent(n, rep.Totals.Count), "%")}
}

func exportRecord(rep *Report, l Layer) []string {
	return []string{l.Name, l.Type, shapeX(l.OutputShape),
		strconv.FormatInt(l.Params, 10), strconv.FormatInt(l.MACs, 10), strconv.FormatInt(l.FLOPs, 10),
		strconv.FormatInt(l.Count, 10), strings.TrimSuffix(Percent(l.Count, rep.Totals.Count), "%")}
}

// LayersCSV renders the report's layers as RFC 4180 CSV with a header line and a
// final "total" line. Cells that a spreadsheet would run as a formula are
// prefixed with a quote.
func LayersCSV(rep *Report) string {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				if _, err := strconv.ParseInt(c, 10, 64); err != nil {
					c = "'" + c
				}
			}
			if strings.ContainsAny(c, ",\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	line(exportHeader(rep))
	for _, l := range rep.Layers {
		line(exportRecord(rep, l))
	}
	if r := outsideRecord(rep); r != nil {
		line(r)
	}
	t := rep.Totals
	line([]string{"total", rep.Model, "", strconv.FormatInt(t.Params, 10), strconv.FormatInt(t.MACs, 10),
		strconv.FormatInt(t.FLOPs, 10), strconv.FormatInt(t.Count, 10), "100.0"})
	return b.String()
}

// LayersMarkdown renders the report's layers as a GitHub-flavoured table with
// exact integers.
func LayersMarkdown(rep *Report) string {
	var b strings.Builder
	esc := func(s string) string {
		s = strings.ReplaceAll(s, `\`, `\\`)
		s = strings.ReplaceAll(s, "|", `\|`)
		s = strings.ReplaceAll(s, "<", "&lt;")
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ")
	}
	b.WriteString("| " + strings.Join(exportHeader(rep), " | ") + " |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|\n")
	row := func(cells []string) {
		for i := range cells {
			cells[i] = esc(cells[i])
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	for _, l := range rep.Layers {
		r := exportRecord(rep, l)
		for i := 3; i <= 6; i++ {
			n, _ := strconv.ParseInt(r[i], 10, 64)
			r[i] = units.Thousands(n)
		}
		row(r)
	}
	if r := outsideRecord(rep); r != nil {
		r[6] = units.Thousands(rep.Totals.CountOutsideLayers)
		row(r)
	}
	t := rep.Totals
	row([]string{"**total**", rep.Model, "", units.Thousands(t.Params), units.Thousands(t.MACs), units.Thousands(t.FLOPs), units.Thousands(t.Count), "100.0"})
	return b.String()
}

// ReportJSON renders the report as the CLI's --format json does: the Report's
// JSON form through json.Encoder (HTML-escaped), indented by two spaces,
// with a final newline.
func ReportJSON(rep *Report) (string, error) {
	rep.FillFormulas()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return "", err
	}
	return b.String(), nil
}

// shapeX writes an output shape as "1x64x55x55".
func shapeX(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.FormatInt(d, 10)
	}
	return strings.Join(parts, "x")
}

// Percent writes part/total with one decimal, "12.3%", rounded half up;
// "–" when total is not positive or part is negative.
func Percent(part, total int64) string {
	if total <= 0 || part < 0 {
		return "–"
	}
	hi, lo := bits.Mul64(uint64(part), 1000)
	if hi >= uint64(total) { // quotient would not fit: part is huge next to total
		return ">999%"
	}
	t, rem := bits.Div64(hi, lo, uint64(total))
	if rem >= uint64(total)-rem {
		t++
	}
	return strconv.FormatUint(t/10, 10) + "." + strconv.FormatUint(t%10, 10) + "%"
}
