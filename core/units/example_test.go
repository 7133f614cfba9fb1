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
