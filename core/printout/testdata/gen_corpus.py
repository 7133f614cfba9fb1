#!/usr/bin/python3
"""Writes the locally made part of testdata/corpus (run by hand with Debian
python3-torch 1.13 / python3-torchvision 0.14; tests never run it).

Each model is printed with print(model) into corpus/local_NAME.txt; the
parameter count sum(p.numel() for p in model.parameters()) is printed on
stdout as "local_NAME<TAB>count" for corpus/SOURCES.tsv.
"""
import os, sys
import torch, torchvision
from torch import nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


class Net(nn.Module):
    # The PyTorch CIFAR-10 tutorial (beginner/blitz/cifar10_tutorial.py).
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)


class MnistNet(nn.Module):
    # The pytorch/examples MNIST model (mnist/main.py).
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)


class LSTMTagger(nn.Module):
    # The PyTorch sequence-models tutorial, with sizes of a typical use.
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(10000, 128)
        self.lstm = nn.LSTM(128, 256, num_layers=2, batch_first=True, dropout=0.2)
        self.hidden2tag = nn.Linear(256, 17)


class GRUClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(40, 128, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(256, 10)


class Generator(nn.Module):
    # The PyTorch DCGAN tutorial (nz=100, ngf=64, nc=3).
    def __init__(self, nz=100, ngf=64, nc=3):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh())


class Discriminator(nn.Module):
    def __init__(self, nc=3, ndf=64):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 8), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False), nn.Sigmoid())


class DoubleConv(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.double_conv = nn.Sequential(
            nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True),
            nn.Conv2d(o, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class Down(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(i, o))


class Up(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.up = nn.ConvTranspose2d(i, i // 2, kernel_size=2, stride=2)
        self.conv = DoubleConv(i, o)


class UNet(nn.Module):
    # milesial/Pytorch-UNet's layout (bilinear=False), n_channels=3, n_classes=2.
    def __init__(self):
        super().__init__()
        self.inc = DoubleConv(3, 64)
        self.down1 = Down(64, 128)
        self.down2 = Down(128, 256)
        self.down3 = Down(256, 512)
        self.down4 = Down(512, 1024)
        self.up1 = Up(1024, 512)
        self.up2 = Up(512, 256)
        self.up3 = Up(256, 128)
        self.up4 = Up(128, 64)
        self.outc = nn.Conv2d(64, 2, kernel_size=1)


class RMSNorm(nn.Module):
    # A user's own RMSNorm that shares torch.nn's name (torch >= 2.4 has one)
    # but prints no arguments.
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))


class TinyDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 64)
        self.norm = RMSNorm(64)
        self.head = nn.Linear(64, 1000, bias=False)


class WithNone(nn.Module):
    # A ModuleList slot left empty, as multi-scale heads do for unused levels.
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.heads = nn.ModuleList([nn.Conv2d(16, 4, 1), nn.Conv2d(16, 4, 1)])
        self.heads._modules["0"] = None


class Conv(nn.Module):
    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=0.001, momentum=0.03)
        self.act = nn.SiLU()


class Focus(nn.Module):
    def __init__(self, c1, c2, k=3):
        super().__init__()
        self.conv = Conv(c1 * 4, c2, k)


class Bottleneck(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.cv1 = Conv(c1, c2, 1)
        self.cv2 = Conv(c2, c2, 3)


class C3(nn.Module):
    def __init__(self, c1, c2, n=1):
        super().__init__()
        c_ = c2 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c1, c_, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*[Bottleneck(c_, c_) for _ in range(n)])


class SPP(nn.Module):
    def __init__(self, c1, c2, k=(5, 9, 13)):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * (len(k) + 1), c2, 1)
        self.m = nn.ModuleList([nn.MaxPool2d(kernel_size=x, stride=1, padding=x // 2) for x in k])


class Concat(nn.Module):
    pass


class Detect(nn.Module):
    def __init__(self, ch=(128, 256, 512), no=255):
        super().__init__()
        self.register_buffer("anchors", torch.zeros(3, 3, 2))
        self.m = nn.ModuleList(nn.Conv2d(x, no, 1) for x in ch)


class Model(nn.Module):
    # ultralytics/yolov5 v4.0 yolov5s.yaml, as its print(model) shows it
    # (the module layout of models/common.py and models/yolo.py).
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            Focus(3, 32, 3), Conv(32, 64, 3, 2), C3(64, 64, 1), Conv(64, 128, 3, 2), C3(128, 128, 3),
            Conv(128, 256, 3, 2), C3(256, 256, 3), Conv(256, 512, 3, 2), SPP(512, 512), C3(512, 512, 1),
            Conv(512, 256, 1, 1), nn.Upsample(None, 2, "nearest"), Concat(), C3(512, 256, 1), Conv(256, 128, 1, 1),
            nn.Upsample(None, 2, "nearest"), Concat(), C3(256, 128, 1), Conv(128, 128, 3, 2), Concat(),
            C3(256, 256, 1), Conv(256, 256, 3, 2), Concat(), C3(512, 512, 1), Detect())


class autoShape(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = Model()


def models():
    tv = torchvision.models
    yield "tutorial_net", Net()
    yield "mnist_net", MnistNet()
    yield "lstm_tagger", LSTMTagger()
    yield "gru_classifier", GRUClassifier()
    yield "dcgan_generator", Generator()
    yield "dcgan_discriminator", Discriminator()
    yield "unet", UNet()
    yield "user_rmsnorm", TinyDecoder()
    yield "none_slot", WithNone()
    yield "yolov5s_autoshape", autoShape()
    yield "dataparallel_resnet18", nn.DataParallel(tv.resnet18())
    yield "transformer", nn.Transformer(d_model=256, nhead=4, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=512)
    yield "mobilenet_v3_large", tv.mobilenet_v3_large()
    yield "efficientnet_v2_s", tv.efficientnet_v2_s()
    yield "regnet_y_400mf", tv.regnet_y_400mf()
    yield "resnext50_32x4d", tv.resnext50_32x4d()
    yield "r3d_18", tv.video.r3d_18()
    yield "fcn_resnet50", tv.segmentation.fcn_resnet50(weights=None, weights_backbone=None)
    yield "lraspp_mobilenet_v3_large", tv.segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None)
    yield "fasterrcnn_mobilenet_v3_large_fpn", tv.detection.fasterrcnn_mobilenet_v3_large_fpn(weights=None, weights_backbone=None)


def main():
    for name, m in models():
        with open(os.path.join(OUT, "local_" + name + ".txt"), "w") as f:
            f.write(repr(m) + "\n")
        print("local_%s\t%d" % (name, sum(p.numel() for p in m.parameters())))


if __name__ == "__main__":
    main()
