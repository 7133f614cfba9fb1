# torch 1.13.1 / torchvision 0.14.1: which modules run in train vs eval mode for
# GoogLeNet and Inception-v3 built with aux_logits=True, and the sums FlopLab's
# conventions are made of (conv+linear weight MACs, BatchNorm input elements,
# adaptive-avg-pool input elements: every call goes
# through F.adaptive_avg_pool2d, nn.AdaptiveAvgPool2d's forward included).
# Run with /usr/bin/python3 (Debian python3-torch 1.13.1, python3-torchvision 0.14.1);
# the output is aux_heads.txt, read by core/mode_test.go.
import torch, torch.nn as nn, torch.nn.functional as F, torchvision
def measure(model, shape, mode):
    model.train(mode == "train")
    s = dict(convlin=0, bn=0, adapt=0, leaves=0)
    def hook(m, i, o):
        x = i[0]
        s["leaves"] += 1
        if isinstance(m, nn.Conv2d):
            s["convlin"] += o.numel() * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            s["convlin"] += o.numel() * m.in_features
        elif isinstance(m, nn.BatchNorm2d):
            s["bn"] += x.numel()
    for m in model.modules():
        if len(list(m.children())) == 0:
            m.register_forward_hook(hook)
    orig = F.adaptive_avg_pool2d
    def patched(x, size):
        s["adapt"] += x.numel()
        return orig(x, size)
    F.adaptive_avg_pool2d = patched
    with torch.no_grad():
        out = model(torch.randn(*shape))
    F.adaptive_avg_pool2d = orig
    s["outputs"] = len(out) if isinstance(out, tuple) else 1
    s["params"] = sum(p.numel() for p in model.parameters())
    return s
for name, ctor, shape in [("googlenet", lambda: torchvision.models.googlenet(aux_logits=True, init_weights=False), (2, 3, 224, 224)),
                          ("inception_v3", lambda: torchvision.models.inception_v3(aux_logits=True, init_weights=False), (2, 3, 299, 299))]:
    for mode in ["eval", "train"]:
        torch.manual_seed(0)
        print(name, mode, measure(ctor(), shape, mode))
