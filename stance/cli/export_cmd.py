"""`stance export MODEL_DIR`: write the ONNX (and int8 ONNX) files the onnx backend loads."""

from __future__ import annotations

from pathlib import Path

import typer

from stance.cli.common import handle_errors

# Kept in step with stance.export.DEFAULT_OPSET and stance.int8; stance.export is imported only
# when the command runs, so `stance --help` does not pay for torch.
_DEFAULT_OPSET = 17
_DEFAULT_INT8 = "rowwise"


def register(app: typer.Typer) -> None:
    @app.command("export")
    @handle_errors
    def export(
        model_dir: Path = typer.Argument(..., help="Local model folder (config.json, weights, "
                                         "tokenizer)."),
        force: bool = typer.Option(False, "--force", help="Overwrite existing ONNX files."),
        no_quantize: bool = typer.Option(False, "--no-quantize",
                                         help="Write only the fp32 model.onnx."),
        opset: int = typer.Option(_DEFAULT_OPSET, "--opset", help="ONNX opset (14-20)."),
        int8_scheme: str = typer.Option(
            _DEFAULT_INT8, "--int8",
            help="int8 scheme: rowwise (one int8 scale per token row and per weight column; "
                 "fast and close to fp32), blockwise (MatMulNBits blocks of 32; closest to "
                 "fp32, slower) or dynamic (quantize_dynamic, one scale per batch; fast, "
                 "least accurate).",
        ),
    ) -> None:
        """Export MODEL_DIR to MODEL_DIR/onnx/model.onnx and model.int8.onnx for --backend onnx."""
        from stance.export import check_opset, check_scheme, export_model

        check_opset(opset)
        check_scheme(int8_scheme)
        result = export_model(model_dir, force=force, quantize=not no_quantize, opset=opset,
                              int8_scheme=int8_scheme)
        typer.echo(f"wrote {result.fp32_path} (opset {result.opset}, max |logit diff| vs torch "
                   f"{result.max_abs_diff:.1e})")
        if result.int8_path is not None:
            typer.echo(f"wrote {result.int8_path} (int8 {result.int8_scheme}; on the check pairs "
                       f"max |prob diff| "
                       f"{result.int8_max_abs_diff:.3f}, same label "
                       f"{result.int8_agreement:.0%})")
