package core

import "floplab/core/convention"

// FillConventions sets Conventions to every convention's headline figure,
// counted on the report's graph, unless it already holds them all. Analyze
// does it when the request asks for AllConventions; the page asks later,
// when the "All tools" tab or a JSON export needs them, so an edit only
// counts the selected convention.
func (r *Report) FillConventions() error {
	all := convention.All()
	if len(r.Conventions) == len(all) || r.Graph == nil {
		return nil
	}
	m := make(map[string]ConventionTotal, len(all))
	for _, c := range all {
		g := r.Graph
		if r.graphFor != nil {
			// A tool that calls model.eval() before it counts sees the
			// model in eval mode, the others in the mode given.
			var err error
			if g, err = r.graphFor(c.EvalMode); err != nil {
				return err
			}
		}
		res, err := convention.Evaluate(c, g)
		if err != nil {
			return err
		}
		t := ConventionTotal{Count: res.Count, CountUnit: c.Unit, Params: res.Params, Printed: Printed(c.ID, res.Count, res.Params)}
		if len(res.Failed) > 0 {
			t.Printed = ""
			t.Failed = res.Failed
			t.NoFigure = NoFigure(c.ID, res.Failed).String()
		}
		m[c.ID] = t
	}
	r.Conventions = m
	return nil
}
