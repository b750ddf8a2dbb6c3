"""Build the sample PDF "soehavn_ssp_strategi_2024-2027.pdf" (fictional Søhavn Kommune).

Rebuild with:  pip install fpdf2 && python corpus/samples/make_pdf.py

The PDF has exactly 3 pages, a running header and a "Side N af 3" footer on every page.
Each page carries its own identifiable facts, so tests can check page attribution:

  page 1: vision and the strategic level - SSP-udvalget mødes fem gange om året and is
          chaired by the chair of Børne- og Ungeudvalget; the strategy was adopted
          by Byrådet d. 30. januar 2024.
  page 2: the coordinating and operational levels - Søhavn Kommune har ni SSP-lokalgrupper
          (one per skoledistrikt), four SSP-konsulenter, three lokalbetjente, and the weekly
          § 115-møde every Tuesday kl. 8.15.
  page 3: indsatser, goals and money - the SSP budget of 3,2 mio. kr. a year, the goal
          of 90 percent of 7th-grade parents at forældremøder, evaluation in 2025 and 2027.

Only the core font Helvetica is used, so the text must stay within latin-1 (æ, ø, å and
"·" are fine; no typographic dashes or quotes).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "soehavn_ssp_strategi_2024-2027.pdf"
HEADER_TEXT = "Søhavn Kommune · SSP-strategi 2024-2027"
TOTAL_PAGES = 3

# Each page is a list of ("h1" | "h2" | "p" | "li", text) items.
PAGES: list[list[tuple[str, str]]] = [
    [
        ("h1", "SSP-strategi 2024-2027 for Søhavn Kommune"),
        ("p", "Strategien er vedtaget af Byrådet d. 30. januar 2024 og gælder for perioden "
              "2024-2027. Den beskriver, hvordan skole, socialforvaltning og politi i Søhavn "
              "arbejder sammen om at forebygge kriminalitet og risikoadfærd blandt børn og unge. "
              "Strategien bygger på \"Fælles ramme for SSP-samarbejdet\" og på Søhavn Kommunes "
              "børne- og ungepolitik."),
        ("h2", "Vision"),
        ("p", "Alle børn og unge i Søhavn skal vokse op i trygge fællesskaber, hvor voksne "
              "reagerer tidligt og sammen, når et barn eller en ung er på vej i en forkert "
              "retning."),
        ("h2", "Målgruppe"),
        ("p", "SSP-samarbejdet i Søhavn omfatter børn og unge fra 10 til 22 år og deres "
              "forældre. For unge over 18 år sker indsatsen i tæt samarbejde med jobcentret og "
              "kriminalforsorgen."),
        ("h2", "Tre niveauer i SSP-organisationen"),
        ("p", "Søhavn følger den klassiske opdeling i et strategisk, et koordinerende og et "
              "udførende niveau. Strategien lægger vægt på, at der er klar arbejdsdeling mellem "
              "niveauerne, og at viden går begge veje."),
        ("h2", "Det strategiske niveau: SSP-udvalget"),
        ("p", "SSP-udvalget mødes fem gange om året, heraf et temamøde i januar."),
        ("p", "Formand for SSP-udvalget er formanden for Børne- og Ungeudvalget, og næstformand er "
              "politiinspektøren for "
              "forebyggelse i politikredsen. Øvrige medlemmer er direktøren for Børn og Unge, "
              "skolechefen, chefen for Familie og Handicap, lederen af Søhavn Ungdomsskole og "
              "lederen af lokalpolitiet."),
        ("p", "SSP-udvalget godkender den årlige handleplan, fordeler SSP-puljen og følger "
              "kriminalitetsudviklingen på grundlag af politiets halvårlige statistik."),
    ],
    [
        ("h1", "Organisering i praksis"),
        ("h2", "Det koordinerende niveau: SSP-koordinationsgruppen"),
        ("p", "Koordinationsgruppen mødes hver anden måned og ledes af SSP-chefen. Gruppen "
              "består af de fire SSP-konsulenter, en lokalbetjent, en afdelingsleder fra "
              "Familieafdelingen, en repræsentant for skolelederne og lederen af klubberne. "
              "Gruppen udarbejder udkast til handleplanen og samler erfaringer op fra "
              "lokalgrupperne."),
        ("h2", "Det udførende niveau: lokalgrupperne"),
        ("p", "Søhavn Kommune har ni SSP-lokalgrupper, en for hvert skoledistrikt."),
        ("p", "Lokalgrupperne mødes seks gange om året og ledes på skift af skolelederen og "
              "distriktets SSP-konsulent. Faste deltagere er skolens SSP-lærer, en "
              "klubmedarbejder, en socialrådgiver, en sundhedsplejerske og en lokalbetjent. "
              "I de to distrikter med boligsociale helhedsplaner deltager også en boligsocial "
              "medarbejder."),
        ("h2", "SSP-konsulenter og lokalbetjente"),
        ("p", "Kommunen har fire SSP-konsulenter, som hver dækker to eller tre skoledistrikter. "
              "Politiet har tre lokalbetjente med fast tilknytning til Søhavn, og de har "
              "arbejdsplads på Søhavn Politistation, Havnegade nr. 12."),
        ("h2", "Informationsudveksling efter § 115"),
        ("p", "Oplysninger om enkelte børn og unge udveksles kun på det ugentlige § 115-møde, "
              "der holdes hver tirsdag kl. 8.15 på politistationen. Her deltager en lokalbetjent, "
              "en socialrådgiver og en SSP-konsulent. Lokalgrupperne drøfter kun generelle "
              "problemstillinger, f.eks. grupperinger, hærværk og tendenser på sociale medier."),
        ("p", "Strategien fastslår, at alle deltagere på § 115-møderne hvert år skal have en "
              "opdatering om reglerne for videregivelse af oplysninger, jf. retsplejeloven."),
    ],
    [
        ("h1", "Indsatser, mål og økonomi"),
        ("h2", "Indsatser i strategiperioden"),
        ("li", "Forældremøder om alkohol, fester og sociale medier i 7. og 8. klasse."),
        ("li", "Undervisning i digital dannelse og deling af billeder i 5. og 6. klasse."),
        ("li", "Sidste skoledag uden alkohol, planlagt sammen med elevrådene."),
        ("li", "Natteravne i Søhavn By og på havnen fredag og lørdag."),
        ("li", "Bekymringssamtaler med den unge og forældrene inden for 14 dage efter en "
               "politianmeldelse."),
        ("h2", "Mål for 2027"),
        ("li", "Mindst 90 procent af forældrene i 7. klasse deltager i SSP's forældremøde."),
        ("li", "Antallet af unge under 18 år, der sigtes for vold, er halveret i forhold til 2023."),
        ("li", "Alle lokalgrupper har en lokal handleplan, som er opdateret inden for det seneste år."),
        ("h2", "Økonomi"),
        ("p", "SSP-budgettet udgør 3,2 mio. kr. om året, heraf 0,4 mio. kr. i en SSP-pulje til "
              "lokale initiativer, natteravne, materialer mv. Puljen fordeles af SSP-udvalget "
              "to gange om året."),
        ("h2", "Opfølgning"),
        ("p", "Der laves en midtvejsstatus i efteråret 2025 og en samlet evaluering i 2027. "
              "Evalueringen bygger bl.a. på politiets statistik, trivselsmålingen og en "
              "spørgeskemaundersøgelse blandt deltagerne i lokalgrupperne."),
    ],
]


class StrategyPDF(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "I", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, HEADER_TEXT, align="L")
        self.ln(4)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y() + 2, self.w - self.r_margin, self.get_y() + 2)
        self.ln(8)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 10, f"Side {self.page_no()} af {TOTAL_PAGES}", align="C")


def build(path: Path = OUTPUT) -> Path:
    pdf = StrategyPDF(format="A4")
    pdf.set_title("SSP-strategi 2024-2027 for Søhavn Kommune")
    pdf.set_author("Søhavn Kommune, SSP")
    pdf.set_subject("Strategi for SSP-samarbejdet i Søhavn Kommune 2024-2027")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 2, 1, 12, 0, 0))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 15, 20)
    for items in PAGES:
        pdf.add_page()
        for kind, text in items:
            if kind == "h1":
                pdf.set_font("Helvetica", "B", 16)
                pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
            elif kind == "h2":
                pdf.ln(2)
                pdf.set_font("Helvetica", "B", 12)
                pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif kind == "li":
                pdf.set_font("Helvetica", "", 11)
                pdf.multi_cell(0, 5.5, "- " + text, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("Helvetica", "", 11)
                pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
    if pdf.page_no() != TOTAL_PAGES:
        raise SystemExit(f"expected {TOTAL_PAGES} pages, got {pdf.page_no()}")
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    print(build())
