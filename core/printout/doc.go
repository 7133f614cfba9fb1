// Package printout reads the text every PyTorch user already has, the
// output of print(model), and turns it into a FlopLab model script.
//
// Parse follows the printout's grammar exactly (a class name and '(',
// one-line modules with their extra_repr arguments, nested
// "(name): Class(...)" children, and the "(0-3): 4 x Block(...)" groups
// newer PyTorch prints for repeated ModuleList items) into a small tree of
// Module values with positions. CountParams reads the exact parameter
// count off that tree without any input shape, listing the modules whose
// class it does not know. Convert writes the equivalent model script (see
// core/lang/LANGUAGE.md): every known layer as its constructor call with
// the printed arguments, one builder function per class with children,
// wired as the real forward does for the torchvision blocks it knows
// (ResNet, DenseNet, MobileNet, EfficientNet, ShuffleNet, SqueezeNet,
// MNASNet, RegNet, VGG, AlexNet), and otherwise assumed sequential with a
// visible comment, a Note, and a check that stops with "this container is
// probably not sequential" and the printout line at the first child that
// cannot take its input. Dotted names match the printout
// (layer1.0.conv1), so results line up with the gallery presets.
//
// Detect tells a printout from a model script, so front ends can accept
// either.
package printout
