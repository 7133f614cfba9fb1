package core

import (
	"strings"

	"floplab/core/convention"
	"floplab/core/presets"
)

// GalleryRow is one preset's figures for the classic-net comparison.
type GalleryRow struct {
	Name            string    `json:"name"`
	Family          string    `json:"family"`
	Group           string    `json:"group"`
	Year            int       `json:"year"`
	Paper           string    `json:"paper"`
	Input           [][]int64 `json:"input"`
	Params          int64     `json:"params"`
	MACs            int64     `json:"macs"`
	TorchvisionMACs int64     `json:"torchvision_macs"`
	FP32Bytes       int64     `json:"fp32_bytes"`
	ParamsPerMAC    float64   `json:"params_per_mac"`
	// LinearParamShare is the share of parameters in Linear layers.
	LinearParamShare float64 `json:"linear_param_share"`
	// ConvMACShare is the share of FlopLab MACs in convolutions.
	ConvMACShare float64 `json:"conv_mac_share"`
}

// Gallery computes the comparison table over every preset at its default
// input.
func Gallery() ([]GalleryRow, error) {
	tv, _ := convention.Lookup("torchvision")
	var rows []GalleryRow
	for _, p := range presets.All() {
		rep, err := Analyze(Request{Preset: p.Name, DType: "fp32"})
		if err != nil {
			return nil, err
		}
		r := GalleryRow{Name: p.Name, Family: p.Family, Group: p.Group, Year: p.Year, Paper: p.Paper, Input: p.Input,
			Params: rep.Totals.Params, MACs: rep.Totals.MACs, FP32Bytes: rep.Totals.ParamBytes}
		tvr, err := convention.Evaluate(tv, rep.Graph)
		if err != nil {
			return nil, err
		}
		r.TorchvisionMACs = tvr.Count
		var linParams, convMACs int64
		for _, l := range rep.Layers {
			if strings.Contains(l.Type, "Linear") {
				linParams += l.Params
			}
			if strings.Contains(l.Type, "Conv") {
				convMACs += l.MACs
			}
		}
		if r.MACs > 0 {
			r.ParamsPerMAC = float64(r.Params) / float64(r.MACs)
			r.ConvMACShare = float64(convMACs) / float64(r.MACs)
		}
		if r.Params > 0 {
			r.LinearParamShare = float64(linParams) / float64(r.Params)
		}
		rows = append(rows, r)
	}
	return rows, nil
}
