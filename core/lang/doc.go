// Package lang runs FlopLab's model language: Starlark with builtins
// shaped like PyTorch (see LANGUAGE.md), whose tensors are symbolic —
// a shape and a dtype, no data — so that running a model records every
// call with its shapes and exact counts. Its one entry point is Run, which
// takes a script and gives a graph.Graph.
//
// # Script → trace → node
//
// A run goes through three stages, all in Run (trace.go):
//
//  1. The script. The source is parsed with go.starlark.net's syntax
//     package ('@' is rewritten to '%' and a binary '**' to '//' first,
//     as Starlark has neither; rewriteOps). One pass over the tree
//     (guard.go) gives each '**' Python's precedence and turns it into a
//     call of the power builtin, and turns '+', '*', '%',
//     range and the growing string and list methods into calls of builtins
//     that check the size of what they would build, because Starlark
//     bounds a script's steps but not what one step allocates. The
//     program then runs with the predeclared builtins (builtins.go): the
//     layer library under PyTorch's class names (layers_*.go, each layer
//     registered with its signature in a table), functional and tensor
//     operations (functional.go, functions.go), and Module/Sequential/
//     ModuleList/ModuleDict for containers and modules with their own
//     forward. Building a module makes a *Module, a Starlark value
//     (module_value.go) that keeps its children, parameters and
//     attributes in insertion order (members.go), as nn.Module does.
//
//  2. The trace. After the script ran, the root module is found (the
//     global "model", or a Sequential of the modules written as top-level
//     statements) and every module reachable from it is registered in
//     PyTorch's named_modules order, which gives each its dotted path and
//     its entry in Graph.Modules (module_register.go; MultiheadAttention's
//     out_proj becomes a child module as in PyTorch, module_mha.go). The
//     root is then called on symbolic input tensors (*Tensor, tensor.go).
//     Each module call, and each functional or tensor call, runs the
//     layer's forward on a fwd record (layer.go): the forward checks the
//     input shapes, sets the output shapes, the exact operation counts
//     (graph.Ops), the quantities counting conventions read and the
//     formulas that explain them. Counts use overflow-checked arithmetic
//     (checked.go): a count that does not fit in int64 is an error, never
//     a wrapped number. Errors raised inside a layer are positioned at the
//     script's call and carry a hint; Starlark's own errors are read back
//     into translatable messages (starlark_msgs.go). Limits bound the run
//     (steps, modules, nodes, tensor elements).
//
//  3. The node. Each call is recorded as a graph.Node (finishNode,
//     module.go): its name (module path, or scope:op for functions), its
//     input and output tensors (input lists share memory where they can,
//     module_inputs.go), its parameters on a module's first call
//     (module_params.go), its Ops, quantities and formulas. The nodes,
//     modules, tensors and lists of a run are carved from batches
//     (alloc.go) that live as long as the graph. The Result holds the
//     graph; package core counts it under a convention and reports it.
//
// Chinese texts of the package's messages are in zh.go (see package msg).
package lang
