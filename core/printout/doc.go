// Package printout reads the text every PyTorch user already has, the
// output of print(model), and turns it into a FlopLab model script.
//
// Parse follows the printout's grammar exactly (a class name and '(',
// one-line modules with their extra_repr arguments, nested
// "(name): Class(...)" children, and the "(0-3): 4 x Block(...)" groups
// newer PyTorch prints for repeated ModuleList items) into a small tree of
// Module values with positions. Convert writes the equivalent model
// script (see core/lang/LANGUAGE.md): every known layer as its
// constructor call with the printed arguments, one builder function per
// class with children,
// wired as the real forward does for the classes it knows (torchvision
// 0.14's ResNet, DenseNet, MobileNet, EfficientNet, ShuffleNet,
// SqueezeNet, MNASNet, RegNet, VGG, AlexNet, GoogLeNet, Inception v3,
// ConvNeXt, ViT, Swin, video ResNets, LR-ASPP; milesial's U-Net; torch's
// TransformerEncoder(Layer); Hugging Face BERT, GPT-2, Llama, ViT, CLIP
// and Whisper; the Hugging Face decoders and T5 through the config.json
// importer's families, family.go). Where the gallery presets
// (core/presets) or the config.json families (core/hfconfig/families)
// define a class, its forward and helpers are read from that file
// (gallery.go, galleryForward), so a fix there is a fix here. Any other
// class with children is assumed sequential with a
// visible comment, a Note, and a check that stops with "this container is
// probably not sequential" and the printout line at the first child that
// cannot take its input. Dotted names match the printout
// (layer1.0.conv1), so results line up with the gallery presets.
//
// The package holds no rule of its own for a layer's parameters: the
// language's layer library builds each printed call (lang.Layers), which
// also tells whether the printed arguments read as the class's (a user's
// class that shares a torch.nn name does not), and CountParams builds the
// converted script's model with the language (lang.Options.Build): the
// exact parameter count without any input shape, with the modules whose
// class it does not know.
//
// A printout lists child modules only. What it does not show is derived
// and stated in a Note: the parameters and buffers known classes hold
// directly (ViT's class_token and pos_embedding, CNBlock's layer_scale,
// Swin's relative-position tables, BERT's and GPT-2's buffers), sizes a
// line leaves out (Conv1D(), Permute(), LlamaRMSNorm() of older
// versions, attention head counts), and the weights a class ties
// (GPT2LMHeadModel's lm_head and transformer.wte, counted once). For a
// class it does not know, a Note says that any parameters it holds
// directly are not counted (ParamCount.Opaque). ConvertOptions ties or
// unties weights (TieCandidates lists the pairs a printout allows).
//
// Detect tells a printout from a model script, so front ends can accept
// either.
//
// Every program that links the importer runs Detect on each input (the
// page on every compute), and only a pasted printout needs the
// converter's tables: they are built on first use (sync.Once:
// knownBlocks, helperText, the lazy.Value maps such as familyTypes
// and heldBy), not when the package starts, so that the page's start
// does not pay for them (TestComputeLeavesConverterUnbuilt,
// core/importers' TestInitAllocations).
package printout
