"""Small Danish documents written into a tmp folder for ingest, search and API tests."""

from __future__ import annotations

from pathlib import Path

FAXE_MD = """---
title: Lokalgrupper i Faxe
kommune: Faxe
kind: strategi
date: 2021-05-04
url: https://www.faxe.dk/ssp/lokalgrupper
---
# Lokalgrupper i Faxe

## Organisering

Lokalgrupperne i Faxe er organiseret efter skoledistrikter. Hver lokalgruppe består af
skoleledere, SSP-konsulenten, en lokalbetjent og en repræsentant fra fritidsklubben.
Lokalgrupperne mødes fire gange om året og følger bl.a. udviklingen blandt børn og unge.

## Natteravne

Natteravnene går i Faxe Ladeplads hver fredag og lørdag fra kl. 21 til kl. 2.
"""

SLAGELSE_TXT = """SSP-organisering i Slagelse Kommune

I Slagelse Kommune arbejder vi med tre niveauer. SSP-udvalget har det strategiske ansvar og
mødes to gange årligt. Koordinationsgruppen har det koordinerende ansvar.

Netværksgrupper

Netværksgrupperne består af medarbejdere, der har den direkte kontakt med børn og unge,
f.eks. lærere, pædagoger og lokalbetjente. De mødes hver måned.
"""

NEWS_HTML = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Ny SSP-indsats i Stevns</title></head>
<body><nav><a href="/">Forside</a> <a href="/borger">Borger</a></nav>
<header>Gå til indhold</header>
<main><article><h1>Ny SSP-indsats i Stevns</h1>
<p>Stevns Kommune styrker gadeplansarbejdet med to nye medarbejdere i SSP-teamet.</p>
<h2>Forældremøder</h2><p>Alle 7. klasser får forældremøder om alkohol og fester.</p>
<ul><li>Møde i Store Heddinge</li><li>Møde i Strøby</li></ul></article></main>
<aside>Tilmeld nyhedsbrev</aside>
<footer>Stevns Kommune, Rådhuset. Vi bruger cookies.</footer></body></html>
"""


def write_corpus(folder: Path) -> Path:
    """Three documents in three formats about three kommuner."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faxe-lokalgrupper.md").write_text(FAXE_MD, encoding="utf-8")
    (folder / "slagelse.txt").write_text(SLAGELSE_TXT, encoding="utf-8")
    (folder / "stevns-nyhed.html").write_text(NEWS_HTML, encoding="utf-8")
    return folder
