package hw

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"floplab/core/diag"
	"floplab/core/msg"
	"floplab/core/units"
)

// CustomDevice makes a user's device: one peak (TFLOP/s, used for every
// dtype), a bandwidth in GB/s and a capacity in GB (10^9 bytes).
func CustomDevice(name string, tflops, gbps, gb float64) (Device, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "custom device"
	}
	ok := func(v float64) bool { return v > 0 && v < 1e9 && !math.IsNaN(v) }
	if !ok(tflops) || !ok(gbps) || !ok(gb) {
		return Device{}, diag.New(diag.Pos{}, msg.F("a custom device needs a positive peak (TFLOP/s), bandwidth (GB/s) and memory (GB)"),
			msg.F(`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`))
	}
	peak := int64(math.Round(tflops * 1e12))
	d := Device{ID: "custom", Name: name, Peak: map[string]int64{}, Bandwidth: int64(math.Round(gbps * 1e9)),
		Capacity: int64(math.Round(gb * 1e9)),
		Source:   fmt.Sprintf("user-entered: %g TFLOP/s for every dtype, %g GB/s, %g GB", tflops, gbps, gb)}
	for _, dt := range units.DTypes() {
		d.Peak[dt.Name] = peak
	}
	return d, nil
}

// ParseDevice reads a built-in device id or name, or a custom device
// "NAME:TFLOPS:GB/s:GB".
func ParseDevice(s string) (Device, error) {
	if d, ok := Lookup(s); ok {
		return d, nil
	}
	// A unique prefix of an id: "h100" is h100-sxm, "a100" a100-80gb-sxm.
	var found []Device
	low := strings.ToLower(strings.TrimSpace(s))
	for _, d := range Devices() {
		if low != "" && strings.HasPrefix(d.ID, low) {
			found = append(found, d)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	if parts := strings.Split(s, ":"); len(parts) == 4 {
		var v [3]float64
		for i := range v {
			f, err := strconv.ParseFloat(strings.TrimSpace(parts[i+1]), 64)
			if err != nil {
				return Device{}, diag.New(diag.Pos{}, msg.F("custom device %q: %q is not a number", s, parts[i+1]),
					msg.F(`write it as NAME:TFLOPS:GB/s:GB, e.g. "my gpu:100:900:24"`))
			}
			v[i] = f
		}
		return CustomDevice(parts[0], v[0], v[1], v[2])
	}
	var ids []string
	for _, d := range Devices() {
		ids = append(ids, d.ID)
	}
	return Device{}, diag.New(diag.Pos{}, msg.F("unknown device %q", s),
		msg.F("devices: %s; or your own as NAME:TFLOPS:GB/s:GB", strings.Join(ids, ", "))).WithKind(diag.ErrUnknownName)
}
