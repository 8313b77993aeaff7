"""One command, five stages: corpus -> features -> train -> evaluate -> export.

Every stage reads the recipe (``--config``) and a work folder (``--work``) that holds the
corpus, the feature store, the checkpoint and the evaluation. Errors in the user's input print
one line ``bowtie-tools: ...`` and exit with status 1.
"""

import argparse
import sys

from . import TOOL_VERSION
from .errors import UserError

DESCRIPTION = (
    "Bowtie's offline training tool (Debian's /usr/bin/python3 with python3-torch, "
    "python3-numpy, python3-onnx). Stages: corpus -> features -> train -> evaluate -> export."
)


def _common(parser, config=True):
    if config:
        parser.add_argument("--config", required=True, help="recipe JSON (see tools/recipes/)")
    parser.add_argument(
        "--work", required=True, help="work folder: corpus/, features/, train/, evaluate/"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def build_parser():
    parser = argparse.ArgumentParser(prog="bowtie_tools", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"bowtie_tools {TOOL_VERSION}")
    stages = parser.add_subparsers(dest="stage", required=True, metavar="STAGE")

    corpus = stages.add_parser(
        "corpus",
        help="build the multi-speaker corpus (TTS, Debian recordings, user folders)",
        description="Synthesise and decode every speaker of the recipe into 16-bit mono WAV "
        "utterances under WORK/corpus, with a train/test split. Cached by recipe hash.",
    )
    _common(corpus)
    corpus.add_argument("--jobs", type=int, default=0, help="parallel decoders (0 = CPU count)")

    features = stages.add_parser(
        "features",
        help="extract mel-cepstra and F0 with the Java `bowtie features`",
        description="Run `java -jar bowtie.jar features` on every corpus utterance, in "
        "parallel, cached by WAV + jar hash; check each folder speaker's F0 is one voice.",
    )
    _common(features)
    features.add_argument("--jar", help="bowtie.jar (default: $BOWTIE_JAR or plugin/target)")
    features.add_argument("--jobs", type=int, default=0, help="parallel JVMs (0 = CPU count)")

    train = stages.add_parser(
        "train",
        help="train the VAE (CPU, CUDA if present; runs under torchrun/DDP)",
        description="Train the frame-wise VAE on WORK/features and write WORK/train "
        "(checkpoint.pt, config.json, history.json, loss.png). Under torchrun it uses "
        "DistributedDataParallel (gloo on CPU, NCCL on CUDA).",
    )
    _common(train)

    evaluate = stages.add_parser(
        "evaluate",
        help="MCD, log-F0 RMSE and speaker-classifier accuracy vs. no conversion",
        description="Convert held-out test utterances to every target and report MCD after "
        "DTW (c1..cM, c0 excluded), log-F0 RMSE on voiced frames and speaker-classifier "
        "accuracy, each beside the no-conversion baseline; writes WORK/evaluate.",
    )
    _common(evaluate, config=False)

    export = stages.add_parser(
        "export",
        help="write encoder.onnx, decoder.onnx, model.json, parity.json",
        description="Export the checkpoint in WORK/train as a voice pack folder (written "
        "atomically, and only if the engine accepts it), or with --check ask the engine "
        "(`bowtie voices --model PACK --check`) whether it accepts an existing pack.",
    )
    export.add_argument("--work", help="work folder holding train/ (and evaluate/)")
    export.add_argument("--out", help="voice pack folder to write")
    export.add_argument("--card", action="store_true", help="also write MODEL_CARD.md")
    export.add_argument(
        "--check", metavar="PACK", help="only ask the engine whether it accepts a pack folder"
    )
    export.add_argument("--jar", help="bowtie.jar (default: $BOWTIE_JAR or plugin/target)")
    return parser


def run(args):
    if args.stage == "export":
        return _export(args)
    if args.stage == "evaluate":
        from .evaluate import stage as evaluate_stage

        return evaluate_stage.run(args.work, show_progress=not args.quiet)
    from . import config as config_module

    config = config_module.load(args.config)
    if args.stage == "corpus":
        from .data import corpus

        return corpus.run(config, args.work, args.jobs, show_progress=not args.quiet)
    if args.stage == "features":
        from .features import extract

        return extract.run(config, args.work, args.jar, args.jobs, show_progress=not args.quiet)
    from .train import stage as train_stage

    return train_stage.run(config, args.work, show_progress=not args.quiet)


def _export(args):
    from .export import stage as export_stage
    from .export.verify import verify_pack

    if args.check:
        line = verify_pack(args.check, args.jar)
        print(f"export: {line}")
        return line
    if not args.work or not args.out:
        raise UserError("export needs --work and --out (or --check PACK)")
    card = None
    if args.card:
        from .export.card import model_card

        card = model_card
    return export_stage.run(args.work, args.out, card, args.jar)


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        run(args)
    except UserError as error:
        print(f"bowtie-tools: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("bowtie-tools: interrupted; no partial output was kept", file=sys.stderr)
        sys.exit(130)
