"""A small story written for the desk tests: two independent reports of one event and a rewrite of the first,
as plain-text files with their headlines on the first line. Every sentence is ours."""
from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "harbour-wire.txt": """Customs officers seize cocaine hidden in banana boxes at Port Alder

Customs officers seized 420 kilograms of cocaine hidden in banana boxes at Port Alder on Tuesday, the national customs agency said.
The shipment arrived on a cargo ship from Guayaquil and was found during a routine scan of forty containers.
Two dock workers were arrested at the terminal gate and will appear before a judge on Thursday.
Agency director Marta Ibáñez said the seizure was the largest at the port this year.
"The scanners paid for themselves this week," Ibáñez told reporters at the quay.
""",
    "city-desk.txt": """Banana boxes held 420 kilograms of cocaine, customs says

Port Alder customs officers found 420 kilograms of cocaine in boxes of bananas on Tuesday.
The boxes came off a cargo ship that had sailed from Guayaquil, officials said.
Police arrested two dock workers at the terminal gate.
Marta Ibáñez, who leads the customs agency, called it the biggest seizure at the port this year.
The port handles about two million containers a year.
""",
    "aggregator-rewrite.txt": """Huge cocaine haul found in fruit shipment at Port Alder

Customs agents at Port Alder seized 420 kilograms of cocaine concealed in banana boxes on Tuesday, according to the national customs agency.
The drugs came on a cargo vessel from Guayaquil and turned up in a routine scan of forty containers.
Two dock workers were detained at the terminal gate and are due before a judge on Thursday.
Customs chief Marta Ibáñez said it was the port's largest seizure of the year.
The cocaine had a street value of 30 million dollars.
""",
}

LATE = {"late-update.txt": """Judge keeps Port Alder dock workers in custody

A judge on Thursday ordered the two dock workers arrested at Port Alder to stay in custody while the cocaine case goes on.
Prosecutors said the 420 kilograms of cocaine had been hidden in banana boxes on a ship from Guayaquil.
Defence lawyers said their clients had only moved the containers and knew nothing of the drugs.
"""}


def write(folder: Path, articles: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (articles or ARTICLES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
