package convention

// The mode each tool runs the model in, read from its source: most put
// the model in eval mode themselves (model.eval()) and restore it after,
// so a model left in train mode counts as in eval mode; fvcore and torch's
// FlopCounterMode count the model as given, so train mode changes what
// they see (BatchNorm's aten::batch_norm with training=True, GoogLeNet's
// auxiliary heads). FlopLab's own convention counts the model as given
// too. torchinfo changed between versions: 1.8.0's summary(mode=None)
// means "eval"; its master (5c4164f) defaults to mode="same", the model's
// own mode.
var evalModes = []struct {
	spec   *spec
	source string
}{
	{thop031, "thop 0.0.31 (Lyken17/pytorch-OpCounter@0fece23) thop/profile.py profile(): model.eval() (line 184)"},
	{thop011, "thop 0.1.1 (Lyken17/pytorch-OpCounter@43c064a) thop/profile.py profile(): prev_training_status = model.training; model.eval() (line 208)"},
	{ultralyticsThop, "ultralytics-thop 2.1.6 thop/profile.py profile(): model.eval()"},
	{ptflopsLegacy, "ptflops (sovrasov/flops-counter.pytorch) ptflops/pytorch_engine.py get_flops_pytorch(): flops_model.eval()"},
	{ptflopsPytorch, "ptflops ptflops/pytorch_engine.py get_flops_pytorch(): flops_model.eval() (line 36)"},
	{ptflopsAten, "ptflops ptflops/aten_engine.py get_flops_aten(): model.eval() (line 114)"},
	{torchinfo180, "torchinfo 1.8.0 (TylerYep/torchinfo@v1.8.0) torchinfo/torchinfo.py summary(mode=None): model_mode = Mode.EVAL (line 199); master defaults to mode=\"same\""},
	{pytorchModelSummary, "pytorch_model_summary@85f70f8 pytorch_model_summary/model_summary.py summary(): model.eval() (line 117)"},
	{torchvisionOps, "torchvision's published _ops are measured at the eval crop in eval mode (pytorch/vision PR #6936)"},
	{onnxTool, "an ONNX file is exported in eval mode (torch.onnx.export's training=TrainingMode.EVAL)"},
}

func init() {
	for _, m := range evalModes {
		m.spec.Convention.EvalMode = true
		m.spec.Convention.ModeSource = m.source
	}
}
