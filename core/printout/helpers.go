package printout

// Helper functions the converted scripts call, copied from the gallery
// presets (core/presets/*.star) so that a converted printout traces
// exactly as the preset does. Regenerate by hand when a preset changes;
// TestMatchesPreset fails when they drift apart.

func init() {
	helperText["Permute"] = `# torchvision.ops.misc.Permute
def Permute(dims):
    self = Module("Permute")
    self.dims = dims

    def forward(x):
        return torch.permute(x, self.dims)

    self.forward = forward
    return self
`
	helperText["LayerNorm2d"] = `def LayerNorm2d(normalized_shape, eps=1e-05, elementwise_affine=True):
    # class LayerNorm2d(nn.LayerNorm): a LayerNorm over the channels of an NCHW tensor.
    self = Module("LayerNorm2d", base="LayerNorm")
    self.normalized_shape = (normalized_shape,)
    self.eps = eps
    self.elementwise_affine = elementwise_affine
    if elementwise_affine:
        self.weight = Parameter(normalized_shape)
        self.bias = Parameter(normalized_shape)

    def forward(x):
        x = x.permute(0, 2, 3, 1)
        if self.elementwise_affine:
            x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        else:
            x = F.layer_norm(x, self.normalized_shape, None, None, self.eps)
        x = x.permute(0, 3, 1, 2)
        return x

    self.forward = forward
    return self
`
	helperText["_patch_merging_pad"] = `def _patch_merging_pad(x):
    H, W = x.shape[-3], x.shape[-2]
    x = F.pad(x, (0, 0, 0, W % 2, 0, H % 2))

    # torchvision takes strided slices, x0 = x[..., 0::2, 0::2, :] and so on.
    # Starlark has no multi-dimensional subscripts; the same elements are
    # picked from a view that splits H and W into (H/2, 2) and (W/2, 2).
    B, Hp, Wp, C = x.shape
    x = x.view(B, Hp // 2, 2, Wp // 2, 2, C)
    x0 = x.select(2, 0).select(3, 0)  # x[..., 0::2, 0::2, :]: ... H/2 W/2 C
    x1 = x.select(2, 1).select(3, 0)  # x[..., 1::2, 0::2, :]: ... H/2 W/2 C
    x2 = x.select(2, 0).select(3, 1)  # x[..., 0::2, 1::2, :]: ... H/2 W/2 C
    x3 = x.select(2, 1).select(3, 1)  # x[..., 1::2, 1::2, :]: ... H/2 W/2 C
    x = torch.cat([x0, x1, x2, x3], -1)  # ... H/2 W/2 4*C
    return x
`
	helperText["_get_relative_position_bias"] = `def _get_relative_position_bias(relative_position_bias_table, relative_position_index, window_size):
    N = window_size[0] * window_size[1]
    relative_position_bias = relative_position_bias_table[relative_position_index]
    relative_position_bias = relative_position_bias.view(N, N, -1)
    relative_position_bias = relative_position_bias.permute(2, 0, 1).contiguous().unsqueeze(0)
    return relative_position_bias
`
	helperText["_span"] = `# _span turns a Python slice (start, stop) of a dimension of size n, with
# negative or None bounds, into narrow()'s (start, length).
def _span(bounds, n):
    start, stop = bounds
    start = start + n if start < 0 else start
    if stop == None:
        stop = n
    elif stop < 0:
        stop = stop + n
    return start, stop - start
`
	helperText["shifted_window_attention"] = `def shifted_window_attention(
        input,
        qkv_weight,
        proj_weight,
        relative_position_bias,
        window_size,
        num_heads,
        shift_size,
        attention_dropout = 0.0,
        dropout = 0.0,
        qkv_bias = None,
        proj_bias = None):
    B, H, W, C = input.shape

    # pad feature maps to multiples of window size
    pad_r = (window_size[1] - W % window_size[1]) % window_size[1]
    pad_b = (window_size[0] - H % window_size[0]) % window_size[0]
    x = F.pad(input, (0, 0, 0, pad_r, 0, pad_b))
    _, pad_H, pad_W, _ = x.shape

    shift_size = list(shift_size)

    # If window size is larger than feature size, there is no need to shift window
    if window_size[0] >= pad_H:
        shift_size[0] = 0
    if window_size[1] >= pad_W:
        shift_size[1] = 0
    shifted = shift_size[0] + shift_size[1] > 0

    # cyclic shift
    if shifted:
        x = torch.roll(x, shifts = (-shift_size[0], -shift_size[1]), dims = (1, 2))

    # partition windows
    num_windows = (pad_H // window_size[0]) * (pad_W // window_size[1])
    x = x.view(B, pad_H // window_size[0], window_size[0], pad_W // window_size[1], window_size[1], C)
    x = x.permute(0, 1, 3, 2, 4, 5).reshape(B * num_windows, window_size[0] * window_size[1], C)  # B*nW, Ws*Ws, C

    # multi-head attention
    qkv = F.linear(x, qkv_weight, qkv_bias)
    qkv = qkv.reshape(x.size(0), x.size(1), 3, num_heads, C // num_heads).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    q = q * math.pow(C // num_heads, -0.5)
    attn = q.matmul(k.transpose(-2, -1))

    # add relative position bias
    attn = attn + relative_position_bias

    if shifted:
        # generate attention mask
        attn_mask = x.new_zeros((pad_H, pad_W))
        h_slices = ((0, -window_size[0]), (-window_size[0], -shift_size[0]), (-shift_size[0], None))
        w_slices = ((0, -window_size[1]), (-window_size[1], -shift_size[1]), (-shift_size[1], None))
        count = 0
        for h in h_slices:
            for w in w_slices:
                # attn_mask[h[0] : h[1], w[0] : w[1]] = count, written with
                # views (Starlark has no multi-dimensional subscripts)
                h0, h_len = _span(h, pad_H)
                w0, w_len = _span(w, pad_W)
                attn_mask.narrow(0, h0, h_len).narrow(1, w0, w_len).fill_(count)
                count += 1
        attn_mask = attn_mask.view(pad_H // window_size[0], window_size[0], pad_W // window_size[1], window_size[1])
        attn_mask = attn_mask.permute(0, 2, 1, 3).reshape(num_windows, window_size[0] * window_size[1])
        attn_mask = attn_mask.unsqueeze(1) - attn_mask.unsqueeze(2)
        # attn_mask != 0, attn_mask == 0
        attn_mask = attn_mask.masked_fill(attn_mask.ne(0), float(-100.0)).masked_fill(attn_mask.eq(0), float(0.0))
        attn = attn.view(x.size(0) // num_windows, num_windows, num_heads, x.size(1), x.size(1))
        attn = attn + attn_mask.unsqueeze(1).unsqueeze(0)
        attn = attn.view(-1, num_heads, x.size(1), x.size(1))

    attn = F.softmax(attn, dim = -1)
    attn = F.dropout(attn, p = attention_dropout)

    x = attn.matmul(v).transpose(1, 2).reshape(x.size(0), x.size(1), C)
    x = F.linear(x, proj_weight, proj_bias)
    x = F.dropout(x, p = dropout)

    # reverse windows
    x = x.view(B, pad_H // window_size[0], pad_W // window_size[1], window_size[0], window_size[1], C)
    x = x.permute(0, 1, 3, 2, 4, 5).reshape(B, pad_H, pad_W, C)

    # reverse cyclic shift
    if shifted:
        x = torch.roll(x, shifts = (shift_size[0], shift_size[1]), dims = (1, 2))

    # unpad features
    x = x.narrow(1, 0, H).narrow(2, 0, W).contiguous()  # x[:, :H, :W, :]
    return x
`
	helperText["GELUActivation"] = `# transformers.activations.GELUActivation (ACT2FN["gelu"]): a module whose
# forward is nn.functional.gelu.
def GELUActivation():
    self = Module("GELUActivation")

    def forward(input):
        return F.gelu(input)

    self.forward = forward
    return self
`
	helperText["Conv1D"] = `# transformers.pytorch_utils.Conv1D: a Linear with transposed weight
# [nx, nf], computed as torch.addmm(bias, x, weight).
def Conv1D(nf, nx):
    self = Module("Conv1D")
    self.nf = nf
    self.nx = nx
    self.weight = Parameter(nx, nf)
    self.bias = Parameter(nf)

    def forward(x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        x = x.view(size_out)
        return x

    self.forward = forward
    return self
`
	helperText["NewGELUActivation"] = `# transformers.activations.NewGELUActivation (ACT2FN["gelu_new"]): the tanh
# approximation of GELU, written out.
def NewGELUActivation():
    self = Module("NewGELUActivation")

    def forward(input):
        return 0.5 * input * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (input + 0.044715 * torch.pow(input, 3.0))))

    self.forward = forward
    return self
`
	helperText["LlamaRMSNorm"] = `def LlamaRMSNorm(hidden_size, eps = 1e-6):
    self = Module("LlamaRMSNorm")
    self.weight = Parameter(hidden_size)
    self.variance_epsilon = eps

    def forward(hidden_states):
        # hidden_states.to(torch.float32) and .to(input_dtype) are no-ops in float32
        variance = hidden_states.pow(2).mean(-1, keepdim = True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states

    self.forward = forward
    return self
`
	helperText["rotate_half"] = `def rotate_half(x):
    # Rotates half the hidden dims of the input.
    half = x.shape[-1] // 2
    x1 = x.narrow(-1, 0, half)  # x[..., : x.shape[-1] // 2]
    x2 = x.narrow(-1, half, x.shape[-1] - half)  # x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim = -1)
`
	helperText["apply_rotary_pos_emb"] = `def apply_rotary_pos_emb(q, k, cos, sin, unsqueeze_dim = 1):
    cos = cos.unsqueeze(unsqueeze_dim)
    sin = sin.unsqueeze(unsqueeze_dim)
    q_embed = (q * cos) + (rotate_half(q) * sin)
    k_embed = (k * cos) + (rotate_half(k) * sin)
    return q_embed, k_embed
`
	helperText["repeat_kv"] = `def repeat_kv(hidden_states, n_rep):
    # torch.repeat_interleave(x, dim=1, repeats=n_rep) for grouped-query attention:
    # (batch, num_key_value_heads, seqlen, head_dim) -> (batch, num_attention_heads, seqlen, head_dim)
    batch, num_key_value_heads, slen, head_dim = hidden_states.shape
    if n_rep == 1:
        return hidden_states
    hidden_states = hidden_states.unsqueeze(2).expand(batch, num_key_value_heads, n_rep, slen, head_dim)  # [:, :, None, :, :]
    return hidden_states.reshape(batch, num_key_value_heads * n_rep, slen, head_dim)
`
	helperText["eager_attention_forward"] = `def eager_attention_forward(module, query, key, value, attention_mask, scaling, dropout = 0.0):
    key_states = repeat_kv(key, module.num_key_value_groups)
    value_states = repeat_kv(value, module.num_key_value_groups)

    attn_weights = torch.matmul(query, key_states.transpose(2, 3)) * scaling
    if attention_mask != None:
        causal_mask = attention_mask.narrow(3, 0, key_states.shape[-2])  # attention_mask[:, :, :, : key_states.shape[-2]]
        attn_weights = attn_weights + causal_mask

    # upcast to fp32: a no-op in float32
    attn_weights = F.softmax(attn_weights, dim = -1)
    attn_weights = F.dropout(attn_weights, p = dropout, training = False)
    attn_output = torch.matmul(attn_weights, value_states)
    attn_output = attn_output.transpose(1, 2).contiguous()
    return attn_output, attn_weights
`
	helperText["_MIN_FP32"] = `# torch.finfo(torch.float32).min
_MIN_FP32 = -3.4028234663852886e+38
`
}

func init() {
	// As the preset's LlamaRotaryEmbedding(config), from the one size the
	// buffer depends on (the printout shows neither).
	helperText["LlamaRotaryEmbedding"] = `# rope_type "default": inv_freq = 1 / base^(arange(0, dim, 2) / dim), no parameters.
def LlamaRotaryEmbedding(head_dim):
    self = Module("LlamaRotaryEmbedding")
    self.rope_type = "default"
    self.register_buffer("inv_freq", torch.zeros(head_dim // 2), persistent = False)
    self.attention_scaling = 1.0

    def forward(x, position_ids):
        # Core RoPE block
        inv_freq_expanded = self.inv_freq.unsqueeze(0).unsqueeze(2).float().expand(position_ids.shape[0], -1, 1)  # inv_freq[None, :, None]
        position_ids_expanded = position_ids.unsqueeze(1).float()  # position_ids[:, None, :]
        freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim = -1)
        cos = emb.cos()
        sin = emb.sin()

        # Advanced RoPE types (e.g. yarn) apply a post-processing scaling factor
        cos = cos * self.attention_scaling
        sin = sin * self.attention_scaling
        return cos, sin

    self.forward = forward
    return self
`
	helperText["_tie"] = `def _tie(model, module, target):
    # module.weight = target.weight, as tie_weights() does: one shared
    # tensor, counted once.
    m = model
    for name in module.split("."):
        m = getattr(m, name)
    t = model
    for name in target.split("."):
        t = getattr(t, name)
    m.weight = t.weight
`
}

// helperDeps are the helpers (and, for a class wired by a builder, the
// functions its forward calls) each one needs.
var helperDeps = map[string][]string{
	"shifted_window_attention": {"_span"},
	"ShiftedWindowAttention":   {"shifted_window_attention", "_get_relative_position_bias"},
	"PatchMerging":             {"_patch_merging_pad"},
	"eager_attention_forward":  {"repeat_kv"},
	"apply_rotary_pos_emb":     {"rotate_half"},
	"LlamaAttention":           {"apply_rotary_pos_emb", "eager_attention_forward"},
	"LlamaSdpaAttention":       {"apply_rotary_pos_emb", "eager_attention_forward"},
	"LlamaModel":               {"_MIN_FP32"},
}

func init() {
	// Mistral and Qwen2 copy Llama's modeling code (transformers marks
	// it "Copied from"): the same wiring and helpers.
	for _, c := range []string{"MistralAttention", "MistralSdpaAttention", "Qwen2Attention", "Qwen2SdpaAttention"} {
		helperDeps[c] = helperDeps["LlamaAttention"]
	}
	helperDeps["MistralModel"] = helperDeps["LlamaModel"]
	helperDeps["Qwen2Model"] = helperDeps["LlamaModel"]
}
