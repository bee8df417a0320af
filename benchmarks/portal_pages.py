"""Dev set for the plain-text cleaner: PolNeAR dev articles laid out as a scraped portal page would be.

    python benchmarks/portal_pages.py            # scores the plain-text path on 40 built pages
    python benchmarks/portal_pages.py --show 3   # prints one built page and what the cleaner kept

Each page wraps one article (its first line is the headline) in furniture we
wrote: a navigation menu, a breadcrumb, a byline and a date, share prompts, a
photo caption, a related-stories box between two body paragraphs, subheads in
the body, and after it a "More stories" block of teasers (headline, blurb cut
with "…", "3 hours ago"), a comments count, footer links, a copyright line and
a cookie notice. Which pieces a page gets and where is drawn from a fixed seed.
The gold is the article as written (headline and subheads included, as the
CleanPortalEval gold keeps headings); scored with the bag-of-words F1 of
benchmarks/cleanportal.py. This is where the cleaner's page rules are developed;
CleanPortalEval is their test.
"""
from __future__ import annotations

import argparse
import random
import sys

from cleanportal import bag_score, shown
from common import DATA, ROOT, record, require

sys.path.insert(0, str(ROOT / "src"))
from storydesk.extract import extract
from storydesk.ingest.readers import read_text
from storydesk.model import RawDocument

NAV = ["Home", "News", "World", "U.S.", "Politics", "Business", "Tech", "Science", "Health", "Sports", "Opinion",
       "Arts", "Travel", "Video", "Podcasts", "Newsletters", "Sign In", "Subscribe", "Search", "Menu", "Live TV",
       "Weather", "Markets", "Elections 2016", "Local"]
SHARE = ["Share", "Tweet", "Email", "Share on Facebook", "Share on Twitter", "Print", "Comments", "Save for later"]
FOOTER = ["About Us", "Contact Us", "Careers", "Advertise", "Privacy Policy", "Terms of Use", "Cookie Settings",
          "Site Map", "Help", "Corrections", "Accessibility", "RSS"]
TEASERS = [
    ("Storm closes highways across the northern plains",
     "Drivers were told to stay home as snow and high winds swept the region overnight, and schools…"),
    ("City council approves new budget after long debate",
     "The vote came after six hours of public comment on the plan to fund transit and […]"),
    ("Star striker signs record contract", "The club confirmed the five-year deal on its website late on…"),
    ("Museum returns stolen painting to family", "The work had been missing since 1944 and was found in a…"),
    ("Five things to know before the markets open", "Oil prices fell for a third day while investors waited…"),
    ("Wildfire forces evacuations near the coast", "Firefighters said the blaze had burned more than 2,000 acres…"),
    ("School lunch program expands to summer months", "Officials said the change will reach 40,000 children…"),
    ("How to save on your heating bill this winter", "Small changes at home can add up, experts say…"),
]
AGO = ["2 hours ago", "35 minutes ago", "3h ago", "Yesterday", "1 day ago", "5 hours ago"]
COMMENT_USERS = ["jdoe1977", "MarthaK", "River_Rat", "concerned citizen", "Paul from Ohio", "bluesky22"]
COMMENTS = [
    "I have been saying this for years and nobody in this town listens to the people who actually live here.",
    "This is the worst reporting I have seen from this paper, where are the numbers to back any of it up?",
    "My brother works at the plant and he says the story is a lot more complicated than this article makes it sound.",
    "Thank you for covering this, it matters more than the sports page and I hope you keep following it.",
]
LIST_ITEMS = ["Raise the minimum wage", "Expand background checks", "Cut taxes for small businesses", "Fund new roads"]
SUBHEADS = ["What comes next", "A long campaign", "The money question", "Reaction in Washington", "Beyond the polls"]


def build(article: str, rng: random.Random) -> tuple[str, str]:
    lines = [ln for ln in article.split("\n") if ln.strip()]
    headline, body = lines[0].rstrip("."), lines[1:]
    page: list[str] = []
    page += rng.sample(NAV, rng.randint(8, 16))
    page += [" > ".join(["Home", rng.choice(["Politics", "News", "U.S."])])]
    page += [headline, f"By {rng.choice(['Dana Whitfield', 'Marco Ruiz', 'Lee Chen'])}",
             f"Published {rng.choice(['September', 'October'])} {rng.randint(1, 28)}, 2016 {rng.randint(1, 12)}:{rng.randint(10, 59)} PM ET"]
    page += rng.sample(SHARE, rng.randint(2, 5))
    if rng.random() < 0.6:
        page += ["The candidate speaks to supporters at a rally. (Photo: Getty Images)"]
    gold = [headline]
    subheads = iter(rng.sample(SUBHEADS, len(SUBHEADS)))
    box_at = rng.randint(2, max(2, len(body) - 2)) if len(body) > 4 and rng.random() < 0.6 else -1
    for i, para in enumerate(body):
        if i == box_at:
            page.append(rng.choice(["Related", "Related Stories", "Read more"]))
            for head, blurb in rng.sample(TEASERS, 2):
                page += [head, blurb]
        if i == 3 and rng.random() < 0.3:  # a short list in the article: part of it
            items = rng.sample(LIST_ITEMS, 3)
            page += ["The plan would:"] + items
            gold += ["The plan would:"] + items
        if i and i % 5 == 0 and rng.random() < 0.5:
            sub = next(subheads, None)
            if sub:
                page.append(sub)
                gold.append(sub)
        page.append(para)
        gold.append(para)
    if rng.random() < 0.5:
        page += [rng.choice(["12 Comments", "Comments (34)", "Join the conversation"])]
        for text in rng.sample(COMMENTS, rng.randint(2, 4)):
            page += [rng.choice(COMMENT_USERS), rng.choice(AGO), text, rng.choice(["Reply", "Report", "Like · Reply"])]
    page.append(rng.choice(["More stories", "Most Read", "You might also like", "Trending"]))
    for head, blurb in rng.sample(TEASERS, rng.randint(3, 5)):
        unit = [head, blurb, rng.choice(AGO)] if rng.random() < 0.5 else [rng.choice(AGO), head, blurb]
        page += unit
    page += rng.sample(FOOTER, rng.randint(5, 10))
    page += [f"© 2016 {rng.choice(['Daily Ledger', 'Metro Media Group', 'The Courier'])}. All rights reserved."]
    if rng.random() < 0.5:
        page += [("We use cookies to improve your experience on our site and to show you relevant advertising. "
                  "By continuing to browse, you agree to our use of cookies.")]
    return "\n".join(page) + "\n", "\n".join(gold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--show", type=int, default=-1)
    args = ap.parse_args()
    figures = measure(pages(args.pages), args.show)
    if args.show >= 0:
        print(figures)
        return
    record("portal_pages_dev", figures)


def pages(n: int = 40) -> list:
    return sorted(require(DATA / "polnear" / "data" / "dev" / "text").glob("*.txt"))[:n]


def measure(texts: list, show: int = -1) -> dict:
    """Build a page around each article (seeded) and score what the plain-text path keeps."""
    rng = random.Random(16)
    gold, pred, raw = {}, {}, {}
    for path in texts:
        page, truth = build(path.read_text(encoding="utf-8"), rng)
        item = next(r for r in read_text(page.encode("utf-8"), path.name) if isinstance(r, RawDocument))
        doc, _ = extract(item)
        gold[path.stem], pred[path.stem], raw[path.stem] = truth, shown(doc), page
        if show >= 0 and len(gold) - 1 == show:
            print(page, "\n======== kept:\n", pred[path.stem])
            if doc:
                for r in doc.removed:
                    print("REMOVED", r.reason, "|", r.text[:80].replace("\n", " / "))
    return {"pages": len(texts), "plain_text": bag_score(gold, pred), "uncleaned": bag_score(gold, raw)}


if __name__ == "__main__":
    main()
