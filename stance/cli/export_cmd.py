"""`stance export MODEL_DIR`: write the ONNX (and int8 ONNX) files the onnx backend loads."""

from __future__ import annotations

from pathlib import Path

import typer

from stance.cli.common import handle_errors

# Kept in step with stance.export.DEFAULT_OPSET and stance.int8; stance.export is imported only
# when the command runs, so `stance --help` does not pay for torch.
_DEFAULT_OPSET = 17
_DEFAULT_INT8 = "blockwise"


def register(app: typer.Typer) -> None:
    @app.command("export")
    @handle_errors
    def export(
        model_dir: Path = typer.Argument(
            ..., help="Local model folder (config.json, weights, tokenizer)."
        ),
        force: bool = typer.Option(False, "--force", help="Overwrite existing ONNX files."),
        no_quantize: bool = typer.Option(
            False, "--no-quantize", help="Write only the fp32 model.onnx."
        ),
        opset: int = typer.Option(_DEFAULT_OPSET, "--opset", help="ONNX opset (14-20)."),
        int8_scheme: str = typer.Option(
            _DEFAULT_INT8,
            "--int8",
            help="int8 scheme, all with 7-bit weights so that the answer is the same on AVX2 "
            "and VNNI CPUs: blockwise (MatMulNBits, a scale per block of 32 weights; "
            "closest to fp32), rowwise (a scale per token row and weight column; about "
            "twice as fast on VNNI CPUs, less accurate) or dynamic (quantize_dynamic, one "
            "scale per batch; fast, least accurate).",
        ),
        embeddings: str = typer.Option(
            "fp16",
            "--embeddings",
            help="How the int8 file stores the word-embedding table: fp16 (lossless for "
            "weights saved in float16) or int8 (a scale per token row; half the size "
            "again, for base-sized models such as models/stance-nli-mpnet).",
        ),
        embedder: bool = typer.Option(
            False,
            "--embedder",
            help="Export the relevance filter's sentence embedder instead: MODEL_DIR is the "
            "folder to write (e.g. models/all-minilm-l6-v2-onnx), --source the model "
            "(default: the installed all-MiniLM-L6-v2). int8 when its cosine similarities "
            "stay within 0.01 of torch's, else fp32.",
        ),
        source: Path | None = typer.Option(
            None, "--source", help="With --embedder: the sentence-embedding model folder."
        ),
    ) -> None:
        """Export MODEL_DIR to MODEL_DIR/onnx/model.onnx and model.int8.onnx for --backend onnx."""
        from stance.export import check_embeddings, check_opset, check_scheme, export_model

        check_opset(opset)
        check_scheme(int8_scheme)
        check_embeddings(embeddings)
        if embedder:
            from stance.export_embedder import export_embedder

            done = export_embedder(
                model_dir, source, force=force, opset=opset, int8_scheme=int8_scheme
            )
            kind = f"int8 {int8_scheme}" if done.quantized else "fp32"
            typer.echo(
                f"wrote {done.path} ({kind}; max |cosine diff| vs torch on the check "
                f"sentences: int8 {done.max_cosine_diff_int8:.4f}, fp32 "
                f"{done.max_cosine_diff_fp32:.1e})"
            )
            return
        result = export_model(
            model_dir,
            force=force,
            quantize=not no_quantize,
            opset=opset,
            int8_scheme=int8_scheme,
            int8_embeddings=embeddings,
        )
        typer.echo(
            f"wrote {result.fp32_path} (opset {result.opset}, max |logit diff| vs torch "
            f"{result.max_abs_diff:.1e})"
        )
        if result.int8_path is not None:
            typer.echo(
                f"wrote {result.int8_path} (int8 {result.int8_scheme}; on the check pairs "
                f"max |prob diff| "
                f"{result.int8_max_abs_diff:.3f}, same label "
                f"{result.int8_agreement:.0%})"
            )
