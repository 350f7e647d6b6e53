#!/usr/bin/env bash
# Generates the prompt WAVs listed in prompts.json with espeak-ng and sox.
#
#   bash flows/prompts/generate.sh
#
# Each entry of prompts.json maps a path relative to flows/ (e.g. prompts/en-US/welcome.wav) to the
# text to speak and the espeak-ng voice. The output is what Graph's service-hosted media plays:
# WAV, 16 kHz, 16-bit, mono PCM. Settings are fixed and sox runs in repeatable mode without
# dither, so a rerun with the same espeak-ng and sox versions writes the same bytes; files whose
# bytes did not change are left untouched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
flows="$(dirname "$here")"
manifest="$here/prompts.json"

# Fixed voice settings: words per minute, pitch (0-99), amplitude (0-200), gap between words (10 ms units).
SPEED=175
PITCH=50
AMPLITUDE=100
WORD_GAP=0

for tool in espeak-ng sox; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "generate.sh: $tool is not installed (Debian/Ubuntu: apt-get install espeak-ng sox)" >&2
    exit 1
  fi
done

# One line per prompt: path <TAB> voice <TAB> text.
list_prompts() {
  if command -v jq >/dev/null 2>&1; then
    jq -r 'to_entries[] | [.key, .value.voice, .value.text] | @tsv' "$manifest"
  else
    node -e '
      const manifest = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      for (const [path, { voice, text }] of Object.entries(manifest)) console.log([path, voice, text].join("\t"));
    ' "$manifest"
  fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

written=0
unchanged=0
while IFS=$'\t' read -r path voice text; do
  case "$path" in
    prompts/*.wav) ;;
    *) echo "generate.sh: $path: paths must be prompts/<locale>/<name>.wav" >&2; exit 1 ;;
  esac
  out="$flows/$path"
  mkdir -p "$(dirname "$out")"
  espeak-ng -v "$voice" -s "$SPEED" -p "$PITCH" -a "$AMPLITUDE" -g "$WORD_GAP" -w "$tmp/speech.wav" -- "$text"
  # Resample to 16 kHz 16-bit mono, trim the silence espeak leaves at both ends, keep a short
  # lead-in and tail, and normalise to -1 dBFS. -R: repeatable; -D: no dither.
  sox -R -V1 "$tmp/speech.wav" -D -r 16000 -b 16 -c 1 -e signed-integer "$tmp/prompt.wav" \
    silence 1 0.02 0.2% reverse silence 1 0.02 0.2% reverse \
    pad 0.1 0.2 norm -1
  if [[ -f "$out" ]] && cmp -s "$tmp/prompt.wav" "$out"; then
    unchanged=$((unchanged + 1))
  else
    mv "$tmp/prompt.wav" "$out"
    echo "wrote $path ($(soxi -D "$out" | cut -c1-4) s)"
    written=$((written + 1))
  fi
done < <(list_prompts)

echo "$written prompt(s) written, $unchanged unchanged"
