#!/usr/bin/env python3
"""Generate the transcript fixtures of tests/fixtures/transcripts/.

Each conversation below is written once and exported in every supported
shape, as the chat platforms export them:
  <name>.txt            plain text (header styles vary by conversation)
  <name>.csv            CSV with a header row (quoted fields, "" escapes)
  <name>.jsonl          JSON Lines, one generic {"role","text","time"} a line
  <name>.generic.json   {"conversation_id", "messages": [...]}
  <name>.livechat.json  LiveChat Agent Chat API: chat{users, thread{events}}
  <name>.zendesk.json   Zendesk Chat: chat{visitor, started_by, history[]}
                        (ASCII-escaped: \\u00e9, to exercise the offset map)
  <name>.intercom.json  Intercom: conversation{source, conversation_parts}
                        (HTML bodies)
  <name>.crisp.json     Crisp: {"error": false, "data": [messages]}

Run from the repository root: python3 scripts/transcript_fixtures.py
Names: sales-/sav- (after-sales), then good/average/poor.
"""
import csv
import html
import io
import json
import os
import zlib
from datetime import datetime, timezone

OUT = os.path.join("tests", "fixtures", "transcripts")

# (role, "hh:mm:ss", text) — A advisor, C customer, B bot, S system.
CONVERSATIONS = [
    {
        "name": "sales-good-telephone",
        "date": "2024-05-02",
        "advisor": "Marie",
        "customer": "Julie Martin",
        "style": "bracket",
        "turns": [
            ("C", "10:00:05", "bonjour, je m'appelle Julie Martin, je cherche un téléphone pour ma mère"),
            ("A", "10:00:20", "Bonjour Madame Martin, je suis Marie, de Zoé Mobile.\nQuel usage votre mère en aura-t-elle ?"),
            ("C", "10:00:55", "surtout appeler et regarder les photos des petits-enfants"),
            ("A", "10:01:15", "Je vous propose le Zoé S3 : grandes touches, écran lumineux et son fort. Qu'en pensez-vous ?"),
            ("C", "10:01:40", "ça a l'air bien, je le prends"),
            ("A", "10:01:58", "Très bon choix. Je vous propose également une coque renforcée à 15 € : elle protège l'écran des chutes."),
            ("C", "10:02:20", "oui ajoutez-la"),
            ("A", "10:02:35", "C'est ajouté à votre panier. Puis-je vous aider pour autre chose ?"),
            ("C", "10:02:50", "non merci beaucoup"),
            ("A", "10:03:02", "Merci de votre confiance, Madame Martin. Je vous souhaite une excellente journée."),
        ],
    },
    {
        "name": "sales-good-forfait-proactif",
        "date": "2024-05-03",
        "advisor": "Thomas",
        "customer": None,
        "proactive": True,
        "style": "dash",
        "turns": [
            ("S", "14:10:00", "Invitation proactive envoyée au visiteur"),
            ("A", "14:10:01", "Bonjour, je suis Thomas, conseiller Zoé Mobile. Je vois que vous comparez nos forfaits : souhaitez-vous un conseil pour choisir ?"),
            ("C", "14:10:30", "oui, je ne sais pas combien de data il me faut"),
            ("A", "14:10:45", "Comment utilisez-vous votre téléphone au quotidien ?"),
            ("C", "14:11:10", "beaucoup de vidéos dans le train, 2 heures par jour"),
            ("A", "14:11:28", "Je vous conseille le forfait 100 Go à 15,99 € par mois. Vos vidéos sont illimitées. Cela vous convient-il ?"),
            ("C", "14:11:50", "parfait je vais le prendre"),
            ("A", "14:12:05", "Avec ce forfait, saviez-vous que l'option Europe est offerte 3 mois ? Je peux l'activer dès aujourd'hui."),
            ("C", "14:12:20", "super, oui"),
            ("A", "14:12:31", "C'est activé. Avez-vous d'autres questions ?"),
            ("C", "14:12:45", "non c'est tout"),
            ("A", "14:12:55", "Merci pour votre confiance. Bonne fin de journée !"),
        ],
    },
    {
        "name": "sales-average-canape",
        "date": "2024-05-04",
        "advisor": "Sophie",
        "customer": "Paul Girard",
        "style": "plain",
        "turns": [
            ("C", "11:20:00", "Bonjour, je cherche un canapé d'angle pour un petit salon"),
            ("A", "11:20:25", "Bonjour, je suis Sophie, conseillère Maison Douce. Quelle est la surface de votre salon ?"),
            ("C", "11:21:00", "environ 18 m², je suis Monsieur Girard au fait"),
            ("A", "11:21:30", "Je vous recommande le modèle Lina en 2,20 m : il laisse de la place pour circuler."),
            ("C", "11:22:10", "d'accord, je le prends en gris"),
            ("A", "11:22:40", "C'est noté, je l'ajoute à votre panier en gris anthracite."),
            ("C", "11:23:00", "merci"),
            ("A", "11:23:20", "Puis-je vous aider pour autre chose ?"),
            ("C", "11:23:35", "non merci"),
            ("A", "11:23:50", "Je vous souhaite une belle journée."),
        ],
    },
    {
        "name": "sales-poor-proactif-generique",
        "date": "2024-05-05",
        "advisor": "Kevin",
        "customer": None,
        "proactive": True,
        "style": "agent-dash",
        "turns": [
            ("A", "16:00:00", "Bonjour, puis-je vous aider ?"),
            ("C", "16:00:40", "oui, où est mon colis ? commande 55821"),
            ("A", "16:02:30", "Je vous propose de regarder le suivi dans votre espace client."),
            ("C", "16:03:00", "je l'ai fait, il n'y a rien"),
            ("A", "16:05:10", "Il arrivera sûrement demain."),
        ],
    },
    {
        "name": "sav-good-colis-retard",
        "date": "2024-06-10",
        "advisor": "Léa",
        "customer": "Nadia Benali",
        "style": "bracket",
        "turns": [
            ("C", "09:15:00", "Bonjour, ma commande 48213 devait arriver hier et je n'ai rien reçu"),
            ("A", "09:15:18", "Bonjour, je suis Léa du service client Zoé Mobile. Que vous indique le suivi du colis ?"),
            ("C", "09:15:50", "qu'il est en cours d'acheminement depuis 3 jours. Nadia Benali, au nom de la commande"),
            ("A", "09:16:05", "Merci Madame Benali. Je consulte votre commande, je reviens vers vous dans 2 minutes."),
            ("A", "09:17:40", "Merci de votre patience. Le transporteur a égaré le colis à Lyon."),
            ("A", "09:17:55", "Je vous renvoie un téléphone aujourd'hui, livré jeudi en express.\nCette solution vous convient-elle ?"),
            ("C", "09:18:15", "oui très bien"),
            ("A", "09:18:25", "Vous recevrez le numéro de suivi par e-mail ce soir. Puis-je vous aider pour autre chose ?"),
            ("C", "09:18:40", "non merci"),
            ("A", "09:18:50", "Merci de votre confiance, bonne journée Madame Benali."),
        ],
    },
    {
        "name": "sav-good-remboursement",
        "date": "2024-06-11",
        "advisor": "Hugo",
        "customer": None,
        "style": "iso",
        "turns": [
            ("C", "15:40:00", "Bonjour, j'ai retourné un casque le 2 juin et toujours pas de remboursement"),
            ("A", "15:40:20", "Bonjour, je suis Hugo, conseiller Zoé Mobile. Quel est le numéro de votre retour ?"),
            ("C", "15:40:45", "R-20931"),
            ("A", "15:41:00", "Merci, je vérifie votre retour, un instant."),
            ("A", "15:41:50", "Votre retour est bien arrivé le 5 juin. Je vous rembourse 89 € aujourd'hui."),
            ("A", "15:42:00", "Le crédit apparaîtra sous 3 jours ouvrés. Cela répond-il à votre question ?"),
            ("C", "15:42:20", "oui parfait merci"),
            ("A", "15:42:25", "Avec plaisir. Je reste à votre disposition si besoin. Bonne soirée !"),
        ],
    },
    {
        "name": "sav-average-facture",
        "date": "2024-06-12",
        "advisor": "Camille",
        "customer": "Marc Lefèvre",
        "style": "paren",
        "turns": [
            ("C", "10:05:00", "Bonjour, je m'appelle Marc Lefèvre, ma facture de mai est de 45 € au lieu de 20 €"),
            ("A", "10:05:25", "Bonjour Monsieur Lefèvre. Que comprend la ligne à 25 € sur votre facture ?"),
            ("C", "10:06:00", "des « options » que je n'ai jamais demandées"),
            ("A", "10:07:30", "Je vois une option \"Musique\" activée le 3 mai. Je la résilie et je vous rembourse 25 €."),
            ("C", "10:07:50", "ok merci"),
            ("A", "10:08:10", "Puis-je faire autre chose pour vous ? Bonne journée."),
        ],
    },
    {
        "name": "sav-poor-panne",
        "date": "2024-06-13",
        "advisor": "Jordan",
        "customer": "Émilie Roux",
        "style": "bracket",
        "turns": [
            ("C", "18:30:00", "bonsoir mon téléphone ne charge plus depuis ce matin, je suis Mme Roux"),
            ("A", "18:31:45", "ok"),
            ("C", "18:32:00", "vous pouvez m'aider ?"),
            ("A", "18:34:30", "faut envoyer le tel au SAV, je vous envoie l'étiquette"),
            ("C", "18:35:00", "et je fais comment sans téléphone ?"),
            ("A", "18:37:20", "c'est la procédure"),
        ],
    },
    {
        "name": "sav-average-transfert",
        "date": "2024-06-14",
        "advisor": "Inès",
        "customer": None,
        "style": "bracket",
        "turns": [
            ("B", "13:00:00", "Bonjour, je suis l'assistant virtuel de Zoé Mobile. Quelle est votre demande ?"),
            ("C", "13:00:20", "je veux contester un prélèvement"),
            ("B", "13:00:22", "Je vous mets en relation avec un conseiller."),
            ("S", "13:00:25", "Inès a rejoint la conversation"),
            ("A", "13:00:50", "Bonjour, je suis Inès, conseillère facturation. Quel prélèvement souhaitez-vous contester ?"),
            ("C", "13:01:20", "celui du 28 mai, 120 €, je ne sais pas ce que c'est"),
            ("A", "13:01:35", "Je vérifie votre compte, merci de patienter un instant."),
            ("A", "13:03:00", "Ce prélèvement correspond à l'achat d'un accessoire. Pour une contestation, je vous transfère à ma collègue du service litiges, qui a tout votre historique."),
        ],
    },
    {
        "name": "sales-average-abonnement",
        "date": "2024-06-15",
        "advisor": "Lucas",
        "customer": "Sarah Cohen",
        "style": "dash",
        "turns": [
            ("C", "17:00:00", "Bonjour, je suis Mme Cohen, je voudrais souscrire à la box internet"),
            ("A", "17:00:40", "Bonjour, je suis Lucas, conseiller Zoé Box. Combien de personnes utilisent internet chez vous ?"),
            ("C", "17:01:05", "4, avec deux ados qui jouent en ligne"),
            ("A", "17:01:30", "Je vous conseille la box Fibre Max : 2 Gb/s, idéale pour le jeu en ligne. Est-ce que cela vous convient ?"),
            ("C", "17:01:55", "oui, je la prends"),
            ("A", "17:02:20", "Parfait. En complément, le répéteur Wi-Fi couvre tout l'étage pour 3 € par mois."),
            ("C", "17:02:40", "non merci"),
            ("A", "17:03:00", "C'est noté, votre commande est validée. Bonne soirée !"),
        ],
    },
    {
        "name": "sav-good-retour-bot",
        "date": "2024-06-16",
        "advisor": "Karim",
        "customer": "Antoine Leroy",
        "style": "iso",
        "turns": [
            ("B", "08:45:00", "Bonjour, je suis l'assistant de Maison Douce. Comment puis-je vous aider ?"),
            ("C", "08:45:30", "je veux retourner une lampe reçue cassée"),
            ("S", "08:45:32", "Karim a rejoint la conversation"),
            ("A", "08:45:50", "Bonjour, je suis Karim, conseiller Maison Douce, je prends le relais. Que constatez-vous exactement sur la lampe ?"),
            ("C", "08:46:20", "le pied est fendu. Antoine Leroy, commande 7731"),
            ("A", "08:46:40", "Merci Monsieur Leroy. Je vous envoie une étiquette de retour par e-mail."),
            ("A", "08:46:50", "La lampe neuve part dès réception. Qu'en pensez-vous ?"),
            ("C", "08:47:00", "très bien"),
            ("A", "08:47:15", "Avez-vous d'autres questions ?"),
            ("C", "08:47:30", "non"),
            ("A", "08:47:40", "Merci pour votre confiance, bonne journée Monsieur Leroy."),
        ],
    },
    {
        "name": "sales-poor-cadeau",
        "date": "2024-06-17",
        "advisor": "Nico",
        "customer": None,
        "style": "plain",
        "turns": [
            ("C", "12:00:00", "bonjour je cherche un cadeau pour mon fils de 12 ans"),
            ("A", "12:01:30", "Je vous propose la console Zoé Play à 299 €, elle est top et tous les jeunes l'ont en ce moment donc c'est sûr que ça lui plaira beaucoup."),
            ("C", "12:02:00", "ok je la prends"),
            ("A", "12:03:40", "C'est commandé."),
        ],
    },
]

ROLE_TXT = {"A": "Conseiller", "C": "Client", "B": "Bot", "S": "Système"}


def iso(date, t, micro=False):
    dt = datetime.fromisoformat(f"{date}T{t}+00:00")
    if micro:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def unix(date, t):
    return int(datetime.fromisoformat(f"{date}T{t}+00:00").timestamp())


def label(conv, role):
    if role == "A":
        return f"{conv['advisor']} (Conseiller)" if conv["style"] == "paren" else ROLE_TXT["A"]
    if role == "C" and conv["style"] == "paren" and conv.get("customer"):
        return f"{conv['customer']} (Client)"
    return ROLE_TXT[role]


def to_txt(conv):
    lines = [f"Transcription du tchat — {conv['date']}", ""]
    for role, t, text in conv["turns"]:
        hhmm = t[:5]
        style = conv["style"]
        if role == "S" and style != "agent-dash":
            lines.append(f"*** {text} ***")
            continue
        if style == "bracket":
            head = f"[{t}] {label(conv, role)} : "
        elif style == "dash":
            head = f"{hhmm} - {label(conv, role)}\u00a0: "
        elif style == "plain":
            head = f"({t}) {label(conv, role)}: "
        elif style == "iso":
            head = f"{conv['date']} {t} {label(conv, role)}: "
        elif style == "paren":
            head = f"[{hhmm}] {label(conv, role)} : "
        else:  # agent-dash
            who = {"A": "Agent", "C": "Visiteur", "B": "Bot", "S": "Système"}[role]
            head = f"{t} {who} - "
        lines.append(head + text)
    return "\n".join(lines) + "\n"


def to_csv(conv):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if conv["style"] == "dash" else ",", lineterminator="\n")
    w.writerow(["conversation_id", "timestamp", "role", "name", "message"])
    roles = {"A": "agent", "C": "client", "B": "bot", "S": "system"}
    for role, t, text in conv["turns"]:
        name = conv["advisor"] if role == "A" else (conv.get("customer") or "") if role == "C" else ""
        w.writerow([conv["name"], iso(conv["date"], t), roles[role], name, text])
    return buf.getvalue()


def generic_messages(conv):
    roles = {"A": "advisor", "C": "customer", "B": "bot", "S": "system"}
    return [
        {"role": roles[r], "text": text, "time": iso(conv["date"], t)}
        for r, t, text in conv["turns"]
    ]


def to_jsonl(conv):
    out = []
    for m in generic_messages(conv):
        m = {"conversation_id": conv["name"], **m}
        out.append(json.dumps(m, ensure_ascii=False))
    return "\n".join(out) + "\n"


def to_generic(conv):
    doc = {"conversation_id": conv["name"], "messages": generic_messages(conv)}
    if conv.get("proactive"):
        doc["proactive"] = True
    if conv.get("customer"):
        doc["customer_name"] = conv["customer"]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_livechat(conv):
    agent = f"{conv['advisor'].lower()}@zoe-mobile.example"
    customer = "b7eff798-f8df-4364-8059-649c35c9ed0c"
    users = [
        {"id": customer, "type": "customer", "name": conv.get("customer") or "Visiteur", "email": ""},
        {"id": agent, "type": "agent", "name": conv["advisor"], "email": agent},
    ]
    events = []
    for i, (r, t, text) in enumerate(conv["turns"]):
        ev = {"id": f"QA37PVJ75B_{i + 1}", "created_at": iso(conv["date"], t, micro=True)}
        if r == "S":
            ev.update({"type": "system_message", "system_message_type": "routing.assigned", "text": text, "visibility": "all"})
        else:
            author = {"A": agent, "C": customer, "B": "bot-zoe@zoe-mobile.example"}[r]
            ev.update({"type": "message", "author_id": author, "text": text, "visibility": "all"})
        events.append(ev)
    if conv["name"].startswith("sav-good-colis"):
        # An agents-only whisper: never checked.
        events.insert(4, {"id": "QA37PVJ75B_w", "created_at": iso(conv["date"], "09:16:30", micro=True),
                          "type": "message", "author_id": agent, "text": "slt, tu peux check le transporteur stp", "visibility": "agents"})
    if any(r == "B" for r, _, _ in conv["turns"]):
        users.append({"id": "bot-zoe@zoe-mobile.example", "type": "bot", "name": "Zoé Bot"})
    doc = {"chat": {"id": "PJ0MRSHTDG", "users": users,
                    "thread": {"id": "QA37PVJ75B", "active": False, "created_at": iso(conv["date"], conv["turns"][0][1], micro=True),
                               "events": events, "tags": []}}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_zendesk(conv):
    history = []
    for r, t, text in conv["turns"]:
        if r == "S":
            history.append({"type": "chat.memberjoin", "nick": "agent:3456", "display_name": conv["advisor"], "timestamp": iso(conv["date"], t)})
            continue
        nick = {"A": "agent:3456", "C": "visitor:1-12345", "B": "agent:trigger"}[r]
        name = {"A": conv["advisor"], "C": conv.get("customer") or "Visitor 12345", "B": "Zoé Bot"}[r]
        history.append({"type": "chat.msg", "nick": nick, "display_name": name, "msg": text, "timestamp": iso(conv["date"], t), "channel": "#ae1c2a"})
    doc = {
        "id": f"1805.{zlib.crc32(conv['name'].encode()) % 100000}.Qx",
        "type": "chat",
        "started_by": "agent" if conv.get("proactive") else "visitor",
        "visitor": {"id": "1-12345", "name": conv.get("customer") or "Visitor 12345", "email": ""},
        "history": history,
        "tags": [],
    }
    # ASCII escapes (\u00e9) exercise the file-offset map.
    return json.dumps(doc, ensure_ascii=True, indent=2) + "\n"


def to_intercom(conv):
    def body(text):
        return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in text.split("\n"))

    def author(r):
        if r == "A":
            return {"type": "admin", "id": "814860", "name": conv["advisor"], "email": "equipe@zoe-mobile.example"}
        if r == "B":
            return {"type": "bot", "id": "1", "name": "Operator"}
        return {"type": "user", "id": "5310d8e7", "name": conv.get("customer") or "", "email": ""}

    turns = [x for x in conv["turns"] if x[0] != "S"]
    first, rest = turns[0], turns[1:]
    parts = []
    for i, (r, t, text) in enumerate(rest):
        parts.append({"type": "conversation_part", "id": str(1000 + i), "part_type": "comment",
                      "body": body(text), "created_at": unix(conv["date"], t), "updated_at": unix(conv["date"], t),
                      "author": author(r), "attachments": [], "redacted": False})
    if conv["name"].startswith("sav-good-remboursement"):
        parts.insert(2, {"type": "conversation_part", "id": "999", "part_type": "note", "body": "<p>client pénible, vérifier le retour</p>",
                         "created_at": unix(conv["date"], "15:40:50"), "author": author("A")})
    doc = {
        "type": "conversation",
        "id": "147",
        "created_at": unix(conv["date"], first[1]),
        "source": {"type": "conversation", "id": "403918", "delivered_as": "admin_initiated" if conv.get("proactive") else "customer_initiated",
                   "subject": "", "body": body(first[2]), "author": author(first[0]), "attachments": [], "url": None},
        "state": "closed",
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": len(parts)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_crisp(conv):
    data = []
    for r, t, text in conv["turns"]:
        ms = unix(conv["date"], t) * 1000
        base = {"session_id": "session_700c65e1-85e2-465a-b9ac-ecb5ec2c9881", "website_id": "8c842203-7ed8-4e29-a608-7cf78a7d2fcc",
                "fingerprint": ms // 7, "timestamp": ms, "origin": "chat", "read": "chat", "delivered": "chat"}
        if r == "S":
            data.append({**base, "type": "event", "from": "operator", "content": {"namespace": "state:resolved"}})
            continue
        frm = "user" if r == "C" else "operator"
        nick = {"A": conv["advisor"], "C": conv.get("customer") or "visitor", "B": "Zoé Bot"}[r]
        msg = {**base, "type": "text", "from": frm, "content": text, "user": {"type": "website" if r != "C" else "participant", "nickname": nick, "user_id": "u1"}}
        if r == "B":
            msg["automated"] = True
        data.append(msg)
    return json.dumps({"error": False, "reason": "listed", "data": data}, ensure_ascii=False, indent=2) + "\n"


EXPORTS = {
    "txt": to_txt,
    "csv": to_csv,
    "jsonl": to_jsonl,
    "generic.json": to_generic,
    "livechat.json": to_livechat,
    "zendesk.json": to_zendesk,
    "intercom.json": to_intercom,
    "crisp.json": to_crisp,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for conv in CONVERSATIONS:
        for ext, f in EXPORTS.items():
            with open(os.path.join(OUT, f"{conv['name']}.{ext}"), "w", encoding="utf-8", newline="") as fh:
                fh.write(f(conv))
    print(f"{len(CONVERSATIONS)} conversations x {len(EXPORTS)} exports in {OUT}")


if __name__ == "__main__":
    main()
