package units_test

import (
	"fmt"

	"floplab/core/units"
)

func ExampleBytes() {
	bf16, _ := units.Lookup("bfloat16")
	b, err := units.Bytes(6738415616, bf16) // Llama-2-7B
	fmt.Println(b, err)
	fmt.Println(units.FormatBytes(b, units.Decimal), "=", units.FormatBytes(b, units.Binary))
	// Output:
	// 13476831232 <nil>
	// 13.48 GB = 12.55 GiB
}

func ExampleFormatBytes() {
	fmt.Println(units.FormatBytes(244403360, units.Decimal))
	fmt.Println(units.FormatBytes(244403360, units.Binary))
	fmt.Println(units.FormatBytes(512, units.Decimal))
	fmt.Println(units.FormatBytesIn(602168, "MB"))
	// Output:
	// 244.40 MB
	// 233.08 MiB
	// 512 B
	// 0.60 MB
}

func ExampleThousands() {
	fmt.Println(units.Thousands(61100840))
	// Output: 61,100,840
}

func ExampleThopClever() {
	fmt.Println(units.ThopClever(714691904, "%.2f"), units.ThopClever(714691904, "%.3f"))
	// Output: 714.69M 714.692M
}

func ExamplePtflopsGMac() {
	fmt.Println(units.PtflopsGMac(715561896, 2), "/", units.PtflopsGMac(715561896, 3))
	fmt.Println(units.PtflopsMacs(716441128, 2), units.PtflopsParams(61100840, 2))
	// Output:
	// 0.72 GMac / 0.716 GMac
	// 716.44 MMac 61.1 M
}

func ExampleTorchinfoMultAdds() {
	fmt.Println(units.TorchinfoMultAdds(714682664))
	fmt.Println(units.TorchinfoMultAddsPy311(1814083944))
	// Output:
	// Total mult-adds (M): 714.68
	// Total mult-adds (Units.GIGABYTES): 1.81
}

func ExampleGFLOPS3() {
	fmt.Println(units.GFLOPS3(714188480))
	// Output: 0.714
}
