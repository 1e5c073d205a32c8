#!/usr/bin/env python3
"""Write a long transcript for the streaming bench.

  python3 scripts/transcript_bench.py N FORMAT > big.FORMAT
FORMAT: txt, jsonl or json (a generic {"messages": [...]}); N turns.
"""
import json
import sys

TURNS = [
    ("C", "bonjour, ma commande n'est pas arrivée"),
    ("A", "Bonjour, je suis Marie, conseillère Zoé Mobile. Que vous indique le suivi ?"),
    ("C", "qu'il est en cours d'acheminement depuis 3 jours"),
    ("A", "Je consulte votre commande, je reviens vers vous dans 2 minutes."),
    ("A", "Je vous renvoie un colis aujourd'hui, slt pas de problème. Cela vous convient-il ?"),
    ("C", "oui merci"),
    ("A", "Puis-je vous aider pour autre chose ? Bonne journée !"),
]


def main():
    n, fmt = int(sys.argv[1]), sys.argv[2]
    out = sys.stdout
    if fmt == "json":
        out.write('{"conversation_id": "bench", "messages": [\n')
    for i in range(n):
        who, text = TURNS[i % len(TURNS)]
        secs = 36000 + i * 20
        h, m, s = secs // 3600 % 24, secs // 60 % 60, secs % 60
        if fmt == "txt":
            role = "Conseiller" if who == "A" else "Client"
            out.write(f"[{h:02}:{m:02}:{s:02}] {role} : {text}\n")
        else:
            role = "agent" if who == "A" else "customer"
            day = 1 + secs // 86400
            msg = {"role": role, "text": text, "time": f"2024-05-{day:02}T{h:02}:{m:02}:{s:02}Z"}
            line = json.dumps(msg, ensure_ascii=False)
            if fmt == "json":
                out.write(("  " if i == 0 else ",\n  ") + line)
            else:
                out.write(line + "\n")
    if fmt == "json":
        out.write("\n]}\n")


if __name__ == "__main__":
    main()
