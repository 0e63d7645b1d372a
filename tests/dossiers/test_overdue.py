"""The office above sees overdue dossiers; each user sees what waits for them."""

from datetime import date

from dossiers import services as s

from .test_workflow_services import open_disability_dossier


def test_district_home_counts_overdue_dossiers_per_commune(world, login):
    dossier = open_disability_dossier(world, received_on=date(2025, 2, 20))
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))  # due 03/03/2025
    html = login(world.user("district_officer")).get("/").content.decode()
    assert 'data-testid="overdue-count">1<' in html
    row = html.split("Thị trấn Mỹ Thọ</td>")[1].split("</tr>")[0]
    assert "text-danger" in row and ">1</td>" in row
    other = login(world.user("officer_c")).get("/").content.decode()
    assert 'data-testid="overdue-count">0<' in other  # another district's commune sees none of it


def test_the_leader_sees_the_submitted_dossier_waiting_for_them(world, login):
    dossier = open_disability_dossier(world)
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    assert 'data-testid="awaiting-count">1<' in login(world.user("leader_a")).get("/").content.decode()
    assert 'data-testid="awaiting-count">0<' in login(world.user("district_leader")).get("/").content.decode()


def test_the_person_page_offers_the_dossier_kinds_to_the_communes_officer_only(world, login):
    url = f"/doi-tuong/{world.people['a'].pk}/"
    html = login(world.user("officer_a")).get(url).content.decode()
    assert f"/ho-so/lap-moi/?person={world.people['a'].pk}&amp;kind=monthly" in html
    assert "Lập hồ sơ" not in login(world.user("district_officer")).get(url).content.decode()
