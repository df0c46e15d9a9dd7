#!/usr/bin/env python3
"""The anchor for bin/bench-anchor: one training step (forward, backward, Adam) of the built-in
networks without normalisation, in PyTorch on one thread, on the same shapes as DL4J's
TrainingSteps: batch 25, LeNet and the residual CNN on 28x28x1, the text model on 80 tokens of a
1,000-word vocabulary with embedding 64.

  torch_steps.py MODEL steady WARMUP_S WINDOW_S WINDOWS   median ms/step after a warm-up

Prints one JSON line. FLOPs per step are 3x the forward pass's (forward, input and weight
gradients), counting a multiply-add as 2, for convolutions, dense layers and LSTMs.
"""
import json
import statistics
import sys
import time

import torch
from torch import nn

BATCH = 25


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


class ResidualCnn(nn.Module):
    """ResidualCnn.java without normalisation: its convolutions then have biases."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.block1_a = nn.Conv2d(8, 8, 3, padding=1)
        self.block1_b = nn.Conv2d(8, 8, 3, padding=1)
        self.block2_a = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.block2_b = nn.Conv2d(16, 16, 3, padding=1)
        self.shortcut = nn.Conv2d(8, 16, 1, stride=2)
        self.output = nn.Linear(16, 10)

    def forward(self, x):
        stem = torch.max_pool2d(torch.relu(self.stem(x)), 2)
        block1 = torch.relu(self.block1_b(torch.relu(self.block1_a(stem))) + stem)
        block2 = torch.relu(self.block2_b(torch.relu(self.block2_a(block1))) + self.shortcut(block1))
        return self.output(block2.mean(dim=(2, 3)))


class TextModel(nn.Module):
    """PaperModels.textClassifier: embedding 64, LSTM 128, LSTM 64 (last step), dense 32 tanh."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(1000, 64)
        self.lstm1 = nn.LSTM(64, 128, batch_first=True)
        self.lstm2 = nn.LSTM(128, 64, batch_first=True)
        self.dense = nn.Linear(64, 32)
        self.output = nn.Linear(32, 10)

    def forward(self, tokens):
        hidden, _ = self.lstm1(self.embedding(tokens))
        hidden, _ = self.lstm2(hidden)
        return self.output(torch.tanh(self.dense(hidden[:, -1])))


def model_and_batch(name):
    generator = torch.Generator().manual_seed(1)
    labels = torch.arange(BATCH) % 10
    if name == "lstm":
        return TextModel(), torch.randint(1, 1000, (BATCH, 80), generator=generator), labels
    net = lenet() if name == "lenet" else ResidualCnn()
    return net, torch.rand(BATCH, 1, 28, 28, generator=generator), labels


def forward_flops(net, inputs):
    """Multiply-adds x 2 of one forward pass, from the shapes the layers see."""
    total = 0

    def conv(module, args, out):
        nonlocal total
        kernel = module.weight[0].numel()  # in_channels x kH x kW
        total += 2 * out.numel() * kernel

    def linear(module, args, out):
        nonlocal total
        total += 2 * out.numel() * module.in_features

    def lstm(module, args, out):
        nonlocal total
        batch, steps, _ = args[0].shape
        total += 2 * batch * steps * 4 * module.hidden_size * (module.input_size + module.hidden_size)

    hooks = []
    for module in net.modules():
        if isinstance(module, nn.Conv2d):
            hooks.append(module.register_forward_hook(conv))
        elif isinstance(module, nn.Linear):
            hooks.append(module.register_forward_hook(linear))
        elif isinstance(module, nn.LSTM):
            hooks.append(module.register_forward_hook(lstm))
    with torch.no_grad():
        net(inputs)
    for hook in hooks:
        hook.remove()
    return total


def millis_per_step(step, seconds):
    """Mean ms per step by the wall clock and by the process's CPU time, which on a shared machine does
    not count the waits for a core."""
    start = time.perf_counter()
    cpu_start = time.process_time()
    count = 0
    while time.perf_counter() - start < seconds:
        step()
        count += 1
    return ((time.perf_counter() - start) / count * 1000, (time.process_time() - cpu_start) / count * 1000)


def main():
    name, mode = sys.argv[1], sys.argv[2]
    if mode != "steady":
        sys.exit("torch_steps.py: the only mode is steady")
    torch.set_num_threads(1)
    torch.manual_seed(1)
    net, inputs, labels = model_and_batch(name)
    result = {"framework": "pytorch", "model": name, "norm": "none", "mode": mode,
              "flops_per_step": 3 * forward_flops(net, inputs)}
    warmup, window, windows = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    optimizer = torch.optim.Adam(net.parameters(), lr=0.002)
    loss_function = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_function(net(inputs), labels).backward()
        optimizer.step()

    millis_per_step(step, warmup)
    timings = [millis_per_step(step, window) for _ in range(windows)]
    result["ms_per_step"] = round(statistics.median(wall for wall, _ in timings), 3)
    result["cpu_ms_per_step"] = round(statistics.median(cpu for _, cpu in timings), 3)
    result["torch"] = torch.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
