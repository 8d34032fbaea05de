"""Every variant of the arXiv feeds and e-mail digests, on real samples (tests/data/feeds and
shared/corpora/feeds; SOURCES.md says where each came from). The expectations were written by
reading the files: ids, versions, titles, first authors, dates, DOIs and announce types."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPORA
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry
from zsync.sources import read_digest
from zsync.sources.read import ReadResult, read_digests

DATA = Path(__file__).resolve().parent.parent / "data/feeds"
SHARED = CORPORA / "feeds"
RSS1_2018 = DATA / "arxiv-rss1/physbiblio_hep-ex_2018-05-23.rdf.xml"
RSS1_2021 = DATA / "arxiv-rss1/physbiblio_hep-ex_2021-07-08.rdf.xml"
RSS1_2016 = DATA / "arxiv-rss1/share_cs_2016-06_donate_item.rdf.xml"
RSS2_LAYA = DATA / "arxiv-rss2/laya-reader_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml"
ATOM_FORGE = DATA / "arxiv-rss-atom/paper-forge_cs.LG_2026-09-25.atom.xml"
ATOM_SPEC = DATA / "arxiv-rss-atom/arxiv-docs_atom_specifications_math.OC_2024-08-23.atom.xml"
ATOM_DAILY = DATA / "arxiv-rss-atom/zotero-arxiv-daily_cs.AI_2025-08-20.atom.xml"
MAIL_ASTRO = DATA / "arxiv-email/arxiv-browse_astro-ph_new_2023-03-03.txt"
MAIL_QFIN = DATA / "arxiv-email/arxiv-browse_q-fin_new_2023-03-17.txt"
MAIL_OA = DATA / "arxiv-email/arxiv-browse_math.OA_new_2023-06-09.txt"
MAIL_1992 = DATA / "arxiv-email/arxiv-browse_astro-ph_listing_1992-07.txt"
MAIL_FULL = SHARED / "arxiv-email/arxiv_email_digest_cs_2026-01-20_full.txt"
LISTING_0801 = DATA / "arxiv-email/arxiv-browse_astro-ph_listing_0801_excerpt.txt"
LISTING_1810 = DATA / "arxiv-email/arxiv-browse_astro-ph_listing_1810_excerpt.txt"
PASTWEEK_CO = DATA / "arxiv-email/arxiv-browse_astro-ph_pastweek.CO_excerpt.txt"

# (arXiv id, version, title, first author's last name, date, DOI, announce type), from the files
EXPECTED = {
    RSS1_2018: ("arxiv-rss", "RSS 1.0", 3, [
        ("1805.08875", 1, "Measurement of Transverse Single Spin Asymmetries", "Dilks", "2018-05-23", None, "new"),
        ("1805.09166", 1, "Recent Top quark results from the Tevatron", "Tuchming", "2018-05-23", None, "cross"),
        ("1805.06430", 2, "New Perspective on Hybrid Mesons", "Xu", "2018-05-23", None, "replace")]),
    RSS1_2021: ("arxiv-rss", "RSS 1.0", 3, [
        ("2106.00550", 2, "Potential applications of modular representation theory to quantum mechanics", "Wilson",
         "2021-07-08", None, "cross"),
        ("2007.03939", 2, "Fireball tomography from bottomonia elliptic flow in relativistic heavy-ion collisions",
         "Bhaduri", "2021-07-08", None, "replace")]),
    RSS1_2016: ("arxiv-rss", "RSS 1.0", 1, [
        ("1606.08480", 1, "Privacy Knowledge Modelling for Internet of Things: A Look Back", "Perera", None, None, "new")]),
    RSS2_LAYA: ("arxiv-rss", "RSS 2.0", 4, [
        ("2609.26811", 1, "The Drift Contract: Spectral Updates for Depth-Robust Local Learning", "Polly", "2026-09-24",
         None, "new"),
        ("2205.06398", 2, "Outlier Detection for Multi-Network Data", "Dey", "2026-09-24", "10.1093/bioinformatics/btac431",
         "cross"),
        ("2009.13987", 3, "Random Polytope Descriptors", "Joswig", "2026-09-24", None, "replace")]),
    SHARED / "arxiv-rss/arxiv_cs_ai_rss_2026-04-27.xml": ("arxiv-rss", "RSS 2.0", 3, [
        ("2604.21935", 1, "Math Takes Two: A test for emergent mathematical reasoning in communication", "Cooper",
         "2026-04-27", None, "new")]),
    SHARED / "arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml": ("arxiv-rss", "RSS 2.0", 3, [
        ("2604.22027", 1, "Shared Lexical Task Representations Explain Behavioral Variability In LLMs", "Yang",
         "2026-04-27", None, "new")]),
    SHARED / "arxiv-rss/arxiv_cs_lg_rss_2026-04-27.xml": ("arxiv-rss", "RSS 2.0", 3, [
        ("2604.21953", 1, "Performance Anomaly Detection in Athletics: A Benchmarking System with Visual Analytics",
         "Madukoma", "2026-04-27", None, "new")]),
    ATOM_FORGE: ("arxiv-rss-atom", None, 3, [
        ("2609.28553", 1, "SMILESGNN: Interpretable Clinical Toxicity Prediction via SMILES-Graph Cross-Attention Fusion",
         "Nguyen", "2026-09-25", "10.1109/MAPR72750.2026.11685822", "new"),
        ("2402.10149", 3, "Reconstructing short-lived particles using hypergraph representation learning", "Birch-Sykes",
         "2026-09-25", "10.1103/PhysRevD.111.032004", "cross"),
        ("2401.08875", 3, "DCRMTA: Deep Causal Representation Learning for Multi-Touch Attribution", "Tang", "2026-09-25",
         None, "replace")]),
    ATOM_DAILY: ("arxiv-rss-atom", None, 86, [
        ("2508.13167", 1, "Chain-of-Agents: End-to-End Agent Foundation Models via Multi-Agent Distillation and Agentic RL",
         "Li", "2025-08-20", None, "new"),
        ("2508.13177", 1, "A Hardware-oriented Approach for Efficient Active Inference Computation and Deployment",
         "Pižurica", "2025-08-20", None, "new"),
        ("2508.00875", 1, "Preliminary suggestions for rigorous GPAI model evaluations", "Paskov", "2025-08-20",
         "10.7249/PEA3971-1", "cross"),
        ("2508.13303", 1, "Diff-MSM: Differentiable MusculoSkeletal Model for Simultaneous Identification of Human Muscle "
         "and Bone Parameters", "Zhou", "2025-08-20", None, "cross"),
        ("2508.13434", 1, "EventTSF: Event-Aware Non-Stationary Time Series Forecasting", "Ge", "2025-08-20", None,
         "cross")]),
    ATOM_SPEC: ("arxiv-rss-atom", None, 1, [
        ("2203.01250", 3, "Mass concentration in rescaled first order integral functionals", "Monteil", "2024-08-23",
         "10.5802/jep.257", "replace-cross")]),
    MAIL_ASTRO: ("arxiv-email", "since 2007", 97, [
        ("2303.00763", None, "Census of Gaseous Satellites around Local Spiral Galaxies", "Zhu", "2023-03-01", None, "new"),
        ("2303.00812", None, "One EURO for Uranus: the Elliptical Uranian Relativity Orbiter mission", "Iorio", "2023-03-01",
         None, "cross"),
        ("2104.03145", None, "Isotropic X-ray bound on Primordial Black Hole Dark Matter", "Iguaz", None,
         "10.1103/PhysRevD.103.103025", "replace"),
        ("2206.06142", None, "Correlation length of the angular mode for an approximate U(1) symmetry during inflation",
         "Han", None, None, "replace-cross")]),
    MAIL_QFIN: ("arxiv-email", "since 2007", 16, [
        ("2303.08867", None, "A Bayesian derivation of the square root law of market impact", "Saddier", "2023-03-15",
         None, "new")]),
    MAIL_OA: ("arxiv-email", "since 2007", 3, [
        ("2306.04713", None, "On sofic approximations of non amenable groups", "Hayes", "2023-06-07", None, "cross"),
        ("2204.01445", None, "Shifted Substitution in Non-Commutative Multivariate Power Series with a View Toward Free "
         "Probability", "Ebrahimi-Fard", None, "10.3842/SIGMA.2023.038", "replace"),
        ("2206.02587", None, "Spectral Metric and Einstein Functionals", "Dąbrowski", None, "10.1016/j.aim.2023.109128",
         "replace")]),
    MAIL_1992: ("arxiv-email", "before 2007", 11, [
        ("astro-ph/9207001", None, "Cosmic Microwave Background Probes Models of Inflation", "Davis", "1992-07-13", None,
         "new"),
        ("cond-mat/9207003", None, "Fluctuating Interfaces, Surface Tension, and Capillary Waves: An Introduction",
         "Privman", "1992-07-02", "10.1142/S0129183192000531", "cross")]),
    LISTING_0801: ("arxiv-email", "since 2007", 2, [
        ("0801.0002", None, "Globular clusters in the outer halo of M31: the survey", "Huxor", "2007-12-28", None, "new"),
        ("0801.0006", 2, "The optimal phase of the generalised Poincare dodecahedral space hypothesis implied by the "
         "spatial cross-correlation function of the WMAP sky maps", "Roukema", "2008-01-02", None, "new")]),
    LISTING_1810: ("arxiv-email", "since 2007", 2, [
        ("1810.00001", None, "The Photometric LSST Astronomical Time-series Classification Challenge (PLAsTiCC): Data set",
         "The PLAsTiCC team", "2018-09-28", None, "new"),
        ("1810.10781", None, "Limits on stable iron in Type Ia supernovae from NIR spectroscopy", "Flörs", "2018-10-25",
         None, "new")]),
    PASTWEEK_CO: ("arxiv-email", "since 2007", 1, [
        ("2303.00916", None, "CMB-S4: Forecasting Constraints on f<sub>NL</sub> Through μ-distortion Anisotropy", "Zegeye",
         "2023-03-02", None, "new")]),
    MAIL_FULL: ("arxiv-email", "since 2007", 1141, [
        ("2601.13436", None, "Distribution-Free Confidence Ellipsoids for Ridge Regression with PAC Bounds",
         "Szentpéteri", "2026-01-19", None, "cross")]),
}


def read(path: Path, context, registry) -> ReadResult:
    return read_digests([path], registry, context)  # the path `zsync parse` takes


def by_id(read_result: ReadResult) -> dict[str, Entry]:
    return {entry.arxiv_id: entry for entry in read_result.entries}


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_each_variant_is_detected_and_named(path, context, registry):
    fmt, variant, count, _ = EXPECTED[path]
    result = read(path, context, registry)
    [source] = result.sources
    assert (source.format, source.variant, source.entries, source.rejected) == (fmt, variant, count, 0)


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_each_variant_gives_the_ids_titles_authors_dates_and_dois_the_file_holds(path, context, registry):
    entries = by_id(read(path, context, registry))
    for arxiv_id, version, title, first_author, date, doi, kind in EXPECTED[path][3]:
        entry = entries[arxiv_id]
        first = entry.authors[0].last or entry.authors[0].name
        got = (entry.arxiv_version, entry.title, first, entry.date, entry.doi, entry.facts["announce type"])
        assert got == (version, title, first_author, date, doi, kind), arxiv_id


def test_rss1_reads_the_html_abstract_and_linked_creators(context, registry):
    entry = by_id(read(RSS1_2018, context, registry))["1805.06430"]
    assert entry.abstract == ("It is thought that strong interactions within the Standard Model can generate bound-states in "
                              "which non-Abelian gauge-bosons play a dual role, serving both as force and matter fields.")
    assert [p.last for p in entry.authors] == ["Xu", "Cui", "Chang", "Papavassiliou", "Roberts", "Zong"]
    assert entry.arxiv_category == "nucl-th"


def test_rss1_abstract_ends_before_the_donation_appeal_of_2016_feeds(context, registry):
    entry = by_id(read(RSS1_2016, context, registry))["1606.08480"]
    assert entry.abstract.endswith("Finally, we discuss major research challenges and opportunities.")
    assert [p.last for p in entry.authors] == ["Perera", "Liu", "Ranjan", "Wang", "Zomaya"]


def test_rss1_collaboration_is_one_name_and_et_al_is_dropped(context, registry):
    entry = by_id(read(RSS1_2021, context, registry))["2107.03419"]
    assert [p.name or p.last for p in entry.authors] == ["LHCb collaboration", "Aaij"]


def test_rss1_title_latex_becomes_unicode(context, registry):
    title = by_id(read(RSS1_2021, context, registry))["2107.03419"].title
    assert title.startswith("Observation of excited Ω<sub>c</sub><sup>0</sup> baryons in Ω<sub>b</sub>")


def test_listing_with_a_publisher_doi_becomes_the_journal_article(context, registry):
    mapper = Mapper.from_dirs(default_mapping_dir())
    for path, arxiv_id, doi in ((RSS2_LAYA, "2205.06398", "10.1093/bioinformatics/btac431"),
                                (ATOM_FORGE, "2609.28553", "10.1109/MAPR72750.2026.11685822")):
        item = mapper.map(by_id(read(path, context, registry))[arxiv_id])
        assert (item.itemType, item.get("DOI")) == ("journalArticle", doi)
        assert f"arXiv:{arxiv_id}" in item.get("extra")


def test_atom_listing_keeps_journal_reference_rights_and_categories(context, registry):
    entry = by_id(read(ATOM_FORGE, context, registry))["2402.10149"]
    assert entry.arxiv_category == "hep-ph" and entry.facts["categories"] == "hep-ph cs.LG hep-ex"
    assert entry.facts["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    first = by_id(read(ATOM_FORGE, context, registry))["2609.28553"]
    assert first.facts["journal ref"].startswith("2026 International Conference on Multimedia Analysis")


def test_atom_listing_of_a_whole_day_keeps_latex_names_journal_references_and_categories(context, registry):
    entries = by_id(read(ATOM_DAILY, context, registry))
    assert [p.first + " " + p.last for p in entries["2508.13811"].authors] == ["Jan Jakubův", "Mikoláš Janota"]
    assert entries["2508.13303"].facts["journal ref"] == (
        "2025 IEEE/RSJ international conference on intelligent robots and systems (IROS)")
    assert entries["2508.00875"].arxiv_category == "cs.CY" and entries["2508.00875"].facts["categories"] == "cs.CY cs.AI"


def test_journal_references_read_latex_and_keep_a_bare_ampersand(context, registry):
    spec = by_id(read(ATOM_SPEC, context, registry))["2203.01250"]
    assert spec.facts["journal ref"] == "Journal de l'École polytechnique - Mathématiques, Tome 11 (2024), pp. 431-472"
    mail = by_id(read(MAIL_FULL, context, registry))["2601.12928"]
    assert mail.facts["journal-ref"].startswith("Soto, Y. P., Garcia, S. H., Gual-Arnau, X., Jaume-i-Capó, A., & González-Hidalgo")


def test_atom_listing_re_exported_with_abs_urls_and_author_names_is_still_read(context, registry):
    # a constructed case (no such file was found): a listing whose entries carry API-style ids and authors
    text = ATOM_FORGE.read_text().replace("<id>oai:arXiv.org:2401.08875v3</id>", "<id>http://arxiv.org/abs/2401.08875v3</id>")
    text = text.replace("<dc:creator>Jiaming Tang, Jingxuan Wen, Liping Jing</dc:creator>",
                        "<author><name>Jiaming Tang</name></author><author><name>Jingxuan Wen</name></author>")
    found = list(registry.get("arxiv-rss-atom").parse(text, "cs.LG.atom", context))
    entry = next(f for f in found if isinstance(f, Entry) and f.arxiv_id == "2401.08875")
    assert (entry.arxiv_version, [p.last for p in entry.authors]) == (3, ["Tang", "Wen"])


def test_atom_listing_is_not_read_as_an_api_answer(registry):
    assert registry.detect(read_digest(ATOM_FORGE)).name == "arxiv-rss-atom"
    assert registry.detect(read_digest(SHARED / "arxiv-api/arxiv_api_2016_search_au_del_maestro.atom.xml")).name == "arxiv-atom"


def test_email_latex_in_names_and_titles_becomes_unicode(context, registry):
    full = by_id(read(MAIL_FULL, context, registry))
    assert [p.first + " " + p.last for p in full["2601.13436"].authors] == ["Szabolcs Szentpéteri", "Balázs Csanád Csáji"]
    assert full["2601.11833"].title == "Karhunen-Loève Expansion-Based Residual Anomaly Map for Resource-Efficient Glioma MRI Segmentation"
    assert full["2512.22222"].title.startswith("Müntz-Szász Networks")
    oa = by_id(read(MAIL_OA, context, registry))
    assert [p.last for p in oa["2206.02587"].authors] == ["Dąbrowski", "Sitarz", "Zalecki"]
    assert oa["2204.01445"].authors[1].last == "Patras" and oa["2204.01445"].authors[1].first == "Frédéric"


@pytest.mark.parametrize("path", [MAIL_FULL, MAIL_ASTRO, MAIL_QFIN, MAIL_OA], ids=lambda p: p.name)
def test_email_abstracts_hold_no_separators_or_trailers(path, context, registry):
    for entry in read(path, context, registry).entries:
        assert not any(mark in (entry.abstract or "") for mark in ("%%--%%", "%-%-%", "\\\\ (", "-----")), entry.arxiv_id


def test_email_abstract_before_the_replacements_mark_ends_with_the_paper(context, registry):
    # the last cross-list before "%%--%%" took the mark into its abstract (issue 18)
    entry = by_id(read(MAIL_FULL, context, registry))["2601.13220"]
    assert entry.abstract.endswith("storage backends for massive open-source code archival.")


def test_email_old_era_drops_the_submitters_address(context, registry):
    entry = by_id(read(MAIL_1992, context, registry))["astro-ph/9207001"]
    assert "from" not in entry.facts and entry.facts["journal-ref"].startswith("Phys.Rev.Lett. 69 (1992)")


def test_listing_numbered_affiliations_are_not_names(context, registry):
    entry = by_id(read(LISTING_0801, context, registry))["0801.0006"]
    assert [p.last for p in entry.authors] == ["Roukema", "Bulinski", "Szaniewska", "Gaudin"]


def test_listing_revised_versions_give_the_version_and_its_day(context, registry):
    entry = by_id(read(LISTING_0801, context, registry))["0801.0006"]
    assert (entry.arxiv_version, entry.facts["revised"], entry.date) == (2, "2008-05-12", "2008-01-02")


def test_a_collaboration_with_and_in_its_name_is_one_author(context, registry):
    plasticc = by_id(read(LISTING_1810, context, registry))["1810.00001"]
    assert [p.name for p in plasticc.authors[-2:]] == [
        "The LSST Dark Energy Science Collaboration", "The LSST Transients and Variable Stars Science Collaboration"]
    cmb = by_id(read(PASTWEEK_CO, context, registry))["2303.00916"]
    assert (cmb.authors[-1].name, len(cmb.authors)) == ("The CMB-S4 Collaboration", 17)


def test_email_old_era_affiliations_are_not_names(context, registry):
    entry = by_id(read(MAIL_1992, context, registry))["astro-ph/9207001"]
    assert [p.last for p in entry.authors] == ["Davis", "Hodges", "Smoot", "Steinhardt", "Turner"]


@pytest.mark.parametrize("title", ["Expectations vs Reality -- A Secondary Study on AI Adoption", "pages 1--2, 3---4",
                                   "{BERT} -- {GPT}", "x ---- y"])
def test_dashes_read_without_the_latex_walker_read_as_the_walker_reads_them(title):
    from pylatexenc.latexwalker import LatexWalker

    from zsync import latex
    nodes, _, _ = LatexWalker(title, latex_context=latex._CONTEXT, tolerant_parsing=True).get_latex_nodes()
    assert latex.to_unicode(title) == " ".join(latex._TO_TEXT.nodelist_to_text(nodes).split())


@pytest.mark.parametrize("latex_title, read_as", [
    (r"Type$\,$Ia supernovae", "Type Ia supernovae"),  # arXiv astro-ph listing, 1810.10781
    (r"Constraints on $f_\mathrm{NL}$ and $f_{\mathrm{NL}}$", "Constraints on f<sub>NL</sub> and f<sub>NL</sub>"),
    (r"modified gravity $f({\cal R})$ and $L_{\rm acc}$", "modified gravity f(R) and L<sub>acc</sub>"),
    # an arXiv API answer (brevio-ai, 2604.26926) and a textbook's O(n log n)
    (r"Remove the $\ln\ln T$ Term", "Remove the ln ln T Term"),
    (r"in $O(n\log n)$ time, $\log(x)$", "in O(n log n) time, log(x)"),
    # Zotero / Better BibTeX exports (Data_Curator_Agent references.bib, lines 149, 3570, 4380)
    (r"{{Your Headphones}} \textbar{} {{Sony USA}}", "Your Headphones | Sony USA"),
    (r"Population {{Statistics}}\textbar{{National Institute}}", "Population Statistics|National Institute"),
    (r"{$\rhd$} {{TCP}} and a \textless{} b", "▷ TCP and a < b"),
])
def test_math_spacing_scripts_of_commands_and_font_switches_read_as_written(latex_title, read_as):
    from zsync.latex import to_unicode
    assert to_unicode(latex_title) == read_as
