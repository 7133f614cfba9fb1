package printout

import (
	"os"
	"strings"
	"testing"

	"floplab/core"
	"floplab/core/hfconfig"
	"floplab/core/lang"
	"floplab/core/presets"
)

// TestFamilyBuilt: Hugging Face decoder printouts whose blocks the
// printout cannot wire (Gemma 2's sandwich norms and soft-capping,
// Mixtral's routed experts, T5's encoder-decoder) are built by the config.json importer's family
// from the config the printout implies, and count as the model's
// published config.json does (google/gemma-2-2b, mistralai/Mixtral-8x7B-v0.1,
// t5-small on the Hugging Face Hub), complete; a 4-bit printout keeps its quantized
// layers frozen.
func TestFamilyBuilt(t *testing.T) {
	for _, tc := range []struct {
		file, config string
		frozen       int64
	}{
		{"gemma2_2b.txt", `{"model_type": "gemma2", "vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216,
			"num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
			"hidden_activation": "gelu_pytorch_tanh", "max_position_embeddings": 8192, "rms_norm_eps": 1e-06,
			"attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0, "query_pre_attn_scalar": 256,
			"sliding_window": 4096, "tie_word_embeddings": true}`, 0},
		{"mixtral_8x7b_4bit.txt", `{"model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
			"num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "max_position_embeddings": 32768,
			"num_local_experts": 8, "num_experts_per_tok": 2, "rms_norm_eps": 1e-05, "rope_theta": 1000000.0,
			"sliding_window": null, "tie_word_embeddings": false}`,
			// every Linear4bit: all but the embedding, lm_head and the 65 norms
			46702792704 - 2*32000*4096 - 65*4096},
		{"t5_small.txt", `{"model_type": "t5", "vocab_size": 32128, "d_model": 512, "d_kv": 64, "d_ff": 2048, "num_layers": 6,
			"num_heads": 8, "relative_attention_num_buckets": 32, "feed_forward_proj": "relu", "n_positions": 512}`, 0},
	} {
		src, err := os.ReadFile("testdata/corpus/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := core.Analyze(core.Request{Script: string(src), Filename: tc.file, Importers: []core.Importer{Importer{}}})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		m, err := hfconfig.Convert("config.json", tc.config)
		if err != nil {
			t.Fatal(err)
		}
		want, err := core.Analyze(core.Request{Script: m.Script, Filename: "config.star"})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Complete || rep.Totals.MACs != want.Totals.MACs || rep.Totals.Params != want.Totals.Params || rep.Totals.FLOPs != want.Totals.FLOPs {
			t.Errorf("%s: complete %v, %d params, %d MACs, %d FLOPs; the published config gives %d, %d, %d",
				tc.file, rep.Complete, rep.Totals.Params, rep.Totals.MACs, rep.Totals.FLOPs, want.Totals.Params, want.Totals.MACs, want.Totals.FLOPs)
		}
		if rep.Totals.NonTrainableParams != tc.frozen {
			t.Errorf("%s: %d frozen params, want %d", tc.file, rep.Totals.NonTrainableParams, tc.frozen)
		}
	}
}

// TestCLIPWired: CLIP's text and vision transformers (and Hugging Face's
// ViT) are wired as
// transformers' forward runs them (attention products included), not
// assumed sequential: Stable Diffusion's text encoder (ViT-L/14's: 12
// layers of width 768, 77 tokens) and CLIP ViT-B/16 (vision: 12 layers
// of 768 over 14×14 patches and the class token; text: 12 layers of 512
// over 77 tokens) give the MACs worked out by hand.
func TestCLIPWired(t *testing.T) {
	layer := func(d, tokens int64) int64 { return (4*d*d+2*d*4*d)*tokens + 2*tokens*tokens*d }
	for _, tc := range []struct {
		file string
		macs int64
	}{
		{"clip_text_sd.txt", 12 * layer(768, 77)},
		{"clip_vit_b16.txt", 12*layer(768, 197) + 768*3*16*16*196 + 12*layer(512, 77) + 768*512 + 512*512 + 512},
		// Hugging Face's ViT-B/16: torchvision's vit_b_16 figure, 17.56 G
		{"vit_hf_base.txt", 12*layer(768, 197) + 768*3*16*16*196 + 768*1000},
	} {
		checkMACs(t, tc.file, tc.macs)
	}
}

// TestWhisperWired: Whisper's encoder (two convolutions over 3,000 mel
// frames, then 1,500 positions), its decoder over its 448 positions with
// cross-attention to the encoder, and proj_out give the MACs worked out by
// hand (whisper-tiny: width 384, 4+4 layers; whisper-small: 768, 12+12).
func TestWhisperWired(t *testing.T) {
	whisper := func(d, layers int64) int64 {
		const T, L, mels, vocab = 1500, 448, 80, 51865
		ff := 4 * d
		conv := d*2*T*mels*3 + d*T*d*3
		enc := layers * ((4*d*d+2*d*ff)*T + 2*T*T*d)
		dec := layers * (4*d*d*L + 2*L*L*d + 2*d*d*L + 2*d*d*T + 2*L*T*d + 2*d*ff*L)
		return conv + enc + dec + d*vocab*L
	}
	for _, tc := range []struct {
		file string
		macs int64
	}{
		{"whisper_tiny.txt", whisper(384, 4)},
		{"whisper_small.txt", whisper(768, 12)},
	} {
		checkMACs(t, tc.file, tc.macs)
	}
}

// TestGalleryHelpers: the helpers read from the gallery's files are the
// functions themselves (not empty, not cut short): each compiles with
// the ones it calls, and is the file's text.
func TestGalleryHelpers(t *testing.T) {
	for _, name := range []string{"Permute", "LayerNorm2d", "_patch_merging_pad", "_get_relative_position_bias", "_span",
		"shifted_window_attention", "GELUActivation", "Conv1D", "NewGELUActivation", "rotate_half", "repeat_kv", "_MIN_FP32"} {
		src := helperText()[name]
		for _, d := range helperDeps()[name] {
			src += "\n" + helperText()[d]
		}
		if _, err := lang.NewLayers(src); err != nil || !strings.Contains(helperText()[name], name) {
			t.Errorf("%s: %v\n%s", name, err, helperText()[name])
		}
	}
	if def, ok := topLevelDef("x = 1\n# about f\ndef f(a,\n        b):\n    return a\n\n    # still f\ny = 2\n", "f"); !ok || def != "# about f\ndef f(a,\n        b):\n    return a\n\n    # still f\n" {
		t.Errorf("topLevelDef: %q", def)
	}
}

// checkMACs analyzes a corpus printout: complete, with macs MACs.
func checkMACs(t *testing.T, file string, macs int64) {
	t.Helper()
	src, err := os.ReadFile("testdata/corpus/" + file)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := core.Analyze(core.Request{Script: string(src), Filename: file, Importers: []core.Importer{Importer{}}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete || rep.Totals.MACs != macs {
		t.Errorf("%s: complete %v, %d MACs, want %d", file, rep.Complete, rep.Totals.MACs, macs)
	}
}

// TestChildRefs: the self.child references of a gallery forward are
// rewritten, but not the words "self.x" inside its comments and strings,
// nor the attributes that are not children.
func TestChildRefs(t *testing.T) {
	src := `def Block(c):
    self = Module("Block")

    def forward(x):
        # self.aux runs only in train mode; "self.conv" is not called here
        y = self.conv(x) if self.training else self.pool(self.conv(x))  # self.conv again
        s = "self.conv(x)"
        return y + x.size(self.dim)

    self.forward = forward
    return self
`
	got, err := childRefs(src, []string{"training", "dim"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("        y = self.conv(x) if self.training else self.pool(self.conv(x))",
		"        y = $conv(x) if self.training else $pool($conv(x))",
		"    self = Module(", "    self = Module(",
		"    self.forward = forward", "    $forward = forward").Replace(src)
	if got != want {
		t.Errorf("childRefs:\n%s\nwant:\n%s", got, want)
	}
	if _, err := childRefs("def f(:\n", nil); err == nil {
		t.Error("childRefs of bad syntax: no error")
	}
}

// TestAuxHeadsByPreset: GoogLeNet's and Inception v3's printouts with
// their auxiliary classifiers are wired by the presets' own forwards, so
// they count as the preset built with aux_logits=True in both modes (in
// training mode the heads run; in evaluation they do not).
func TestAuxHeadsByPreset(t *testing.T) {
	for _, tc := range []struct{ printout, preset, model, input string }{
		{"googlenet_aux.txt", "googlenet.star", "googlenet(aux_logits=True)", "(1, 3, 224, 224)"},
		{"inception_v3_aux.txt", "inception.star", "inception_v3(aux_logits=True)", "(1, 3, 299, 299)"},
	} {
		src, err := os.ReadFile("testdata/printouts/" + tc.printout)
		if err != nil {
			t.Fatal(err)
		}
		lib, ok := presets.File(tc.preset)
		if !ok {
			t.Fatalf("no preset %s", tc.preset)
		}
		for _, mode := range []string{"eval", "train"} {
			got, err := core.Analyze(core.Request{Script: string(src), Filename: tc.printout, Mode: mode, Importers: []core.Importer{Importer{}}})
			if err != nil {
				t.Fatal(err)
			}
			want, err := core.Analyze(core.Request{Script: lib + "\nmodel = " + tc.model + "\ninput_shape = " + tc.input + "\n", Filename: tc.preset, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if !got.Complete || got.Totals.Params != want.Totals.Params || got.Totals.MACs != want.Totals.MACs || got.Totals.FLOPs != want.Totals.FLOPs {
				t.Errorf("%s in %s mode: %d params, %d MACs, %d FLOPs (complete %v); the preset %s: %d, %d, %d", tc.printout, mode,
					got.Totals.Params, got.Totals.MACs, got.Totals.FLOPs, got.Complete, tc.model, want.Totals.Params, want.Totals.MACs, want.Totals.FLOPs)
			}
		}
	}
}

// TestViTAttentionDropout: HF ViT's self-attention is BERT's (bert.star);
// newer transformers print no (dropout) child in it, older ones do: the
// converted script calls the script's no-op dropout for the one and the
// child for the other, with the same figures.
func TestViTAttentionDropout(t *testing.T) {
	src, err := os.ReadFile("testdata/corpus/vit_hf_base.txt")
	if err != nil {
		t.Fatal(err)
	}
	const value = "(value): Linear(in_features=768, out_features=768, bias=True)\n"
	old := strings.ReplaceAll(string(src), value, value+"              (dropout): Dropout(p=0.0, inplace=False)\n")
	if old == string(src) {
		t.Fatal("no attention value projection in the printout")
	}
	var reps []*core.Report
	for _, tc := range []struct{ text, call string }{{string(src), "= dropout(attention_probs)"}, {old, "= self.dropout(attention_probs)"}} {
		script, _, err := Convert("vit.txt", tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(script, tc.call) {
			t.Errorf("the converted script does not call %q", tc.call)
		}
		rep, err := core.Analyze(core.Request{Script: tc.text, Filename: "vit.txt", Importers: []core.Importer{Importer{}}})
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, rep)
	}
	if a, b := reps[0].Totals, reps[1].Totals; !reps[0].Complete || !reps[1].Complete || a.Params != b.Params || a.MACs != b.MACs || a.FLOPs != b.FLOPs {
		t.Errorf("without the dropout child %+v, with it %+v", a, b)
	}
}

// TestVideoResNet: torchvision's video ResNets print a BasicBlock whose
// conv1 and conv2 are Sequentials holding their norms; it is wired as
// video/resnet.py's forward (the residual added before relu), so r3d_18
// counts complete at its default 1x3x16x112x112 clip: 40,696,553,472
// MACs, the sum over its Conv3d and Linear calls that forward hooks gave
// with torch 1.13.1 / torchvision 0.14.1 on this machine (torchvision
// publishes 40.70 GFLOPS).
func TestVideoResNet(t *testing.T) {
	checkMACs(t, "local_r3d_18.txt", 40_696_553_472)
}

// TestUNet: milesial/Pytorch-UNet's U-Net (UNet with inc, down1..4,
// up1..4, outc) is wired as its code: each Up upsamples, pads to the skip
// connection and concatenates it. The corpus printout counts complete at
// 1x3x224x224: 36,881,367,040 MACs, the Conv2d + ConvTranspose2d sum
// (transposed: input elements × out_channels × kernel) that forward hooks
// gave with torch 1.13.1 on gen_corpus.py's UNet with milesial's
// forwards. Its parts' common names (Up, Down) are wired only inside
// such a UNet.
func TestUNet(t *testing.T) {
	checkMACs(t, "local_unet.txt", 36_881_367_040)
	script, _, err := Convert("up.txt", `Net(
  (up): Up(
    (up): ConvTranspose2d(8, 4, kernel_size=(2, 2), stride=(2, 2))
    (conv): Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  )
)`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(script, "# Up (printout line 2): forward not shown in the printout, assumed sequential.") {
		t.Errorf("an Up outside a UNet is wired:\n%s", script)
	}
}

// TestLRASPP: torchvision's LR-ASPP segmentation model is wired as its
// code (the backbone returns the low and high features, the head
// multiplies by its scale branch and upsamples), at torchvision's 520×520
// evaluation size: 2,086,219,688 MACs, complete, the Conv2d sum forward
// hooks gave with torch 1.13.1 / torchvision 0.14.1 on
// lraspp_mobilenet_v3_large(weights=None, weights_backbone=None)
// (torchvision publishes 2.09 GFLOPS).
func TestLRASPP(t *testing.T) {
	checkMACs(t, "local_lraspp_mobilenet_v3_large.txt", 2_086_219_688)
}
