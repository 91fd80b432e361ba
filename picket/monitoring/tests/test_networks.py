import datetime

from picket.monitoring.networks import NetworkConfig
from picket.monitoring.pipeline import Ad, scan
from picket.monitoring.synthetic import generate
from picket.monitoring.template import template

DAY = datetime.date(2026, 3, 1)


def ad(ad_id: str, text: str, *, days: int = 0, city: str = "Delhi") -> Ad:
    return Ad(ad_id, "site", DAY + datetime.timedelta(days=days), city, text)


ROTATED = [
    ad("r1", "Shree Ganesh Placement: girls 14-16 yrs needed for kothi work in Delhi. Advance to family, rehna khana free. Contact Ramesh 90000 11111", city="Delhi"),  # noqa: E501
    ad("r2", "Shree Ganesh Placement: girls 14-16 yrs needed for kothi work in Gurgaon. Advance to family, rehna khana free. Contact Suresh 80000 22222", days=20, city="Gurugram"),  # noqa: E501
    ad("r3", "Shree Ganesh Placement: girls 15-17 yrs needed for kothi work in Noida. Advance to family, rehna khana free. Contact Rakesh nine zero zero zero zero three three three three three", days=45, city="Noida"),  # noqa: E501
    ad("r4", "Shree Ganesh Placement: girls 13-15 yrs needed for kothi work in Patna. Advance to family, rehna khana free. Contact Anil ७०००० ४४४४४", days=70, city="Patna"),  # noqa: E501
]  # fmt: skip
STOCK = "Urgent requirement. Interested candidates contact immediately. Salary negotiable, call or WhatsApp."
UNRELATED = [
    ad("s1", f"{STOCK} Security guards for a cold storage warehouse near the highway, twelve hour night shift with uniform and weekly off. 60000 11111"),  # noqa: E501
    ad("s2", f"Beautician for a busy ladies salon near the lake market, threading waxing and bridal makeup skills a must. {STOCK} 60000 22222"),  # noqa: E501
    ad("s3", f"Delivery riders with their own bike and licence for a grocery app, petrol allowance and incentives per order. {STOCK} 60000 33333"),  # noqa: E501
    ad("s4", f"{STOCK} Accountant who knows Tally and GST returns for a steel trading firm, part time evenings possible. 60000 44444"),  # noqa: E501
    ad("s5", f"Cook for a student paying guest hostel, vegetarian north and south Indian dishes for forty boys. {STOCK} 60000 55555"),  # noqa: E501
    ad("s6", f"{STOCK} Nursing assistant for an elder care home, injections dressing and night duty rotation experience. 60000 66666"),  # noqa: E501
]  # fmt: skip


def test_a_network_rotating_numbers_names_and_cities_is_joined_by_its_template():
    result = scan(ROTATED + UNRELATED, workers=1)
    networks = {result.index.network_id(a.id) for a in ROTATED}
    assert len(networks) == 1 and networks != {""}
    assert all(result.index.network_id(a.id) == "" for a in UNRELATED)


def test_stock_phrases_alone_do_not_chain_unrelated_ads():
    result = scan(UNRELATED, workers=1)
    assert set(result.index.assignments().values()) == {""}
    assert result.index.stats.boilerplate_shingles > 0


def test_boilerplate_removal_is_what_keeps_them_apart():
    # With a low similarity threshold the shared stock phrases alone would chain the ads; without the
    # boilerplate test (nothing counts as frequent) they do, with it they do not.
    without = scan(
        UNRELATED, workers=1, config=NetworkConfig(boilerplate_min_ads=10_000, min_jaccard=0.2, num_bands=64)
    )
    assert len({n for n in without.index.assignments().values() if n}) >= 1
    with_test = scan(UNRELATED, workers=1, config=NetworkConfig(min_jaccard=0.2, num_bands=64))
    assert set(with_test.index.assignments().values()) == {""}


def test_a_shared_phone_links_different_texts():
    result = scan(
        [ad("p1", "Spa in Andheri, call 90000 77777"), ad("p2", "Hotel staff for Dubai, tourist visa, 90000 77777")],
        workers=1,
    )
    assert result.index.network_id("p1") == result.index.network_id("p2") != ""


def test_network_summary_shows_movement_and_identifiers():
    result = scan(ROTATED, workers=1)
    (network,) = result.index.networks()
    assert network.ad_ids == ["r1", "r2", "r3", "r4"]
    assert network.phones == ["7000044444", "8000022222", "9000011111", "9000033333"]
    assert [city for _, city in network.movement] == ["Delhi", "Gurugram", "Noida", "Patna"]
    assert (network.first_seen, network.last_seen) == (DAY, DAY + datetime.timedelta(days=70))
    assert network.max_risk > 0.9


def test_a_new_ad_is_attached_to_its_network():
    result = scan(ROTATED[:3] + UNRELATED, workers=1)
    from picket.monitoring.analysis import analyse
    from picket.monitoring.pipeline import member

    new = ROTATED[3]
    attachment = result.index.add(member(new, analyse(new.text)))
    assert attachment.network_id == result.index.network_id("r1") != ""
    assert attachment.linked_to
    lone = ad("x1", "Tuition for class 10 maths in Jayanagar, evenings. 60000 99999")
    assert result.index.add(member(lone, analyse(lone.text))).network_id == ""


def test_identifier_hubs_are_ignored():
    texts = [ad(f"h{i}", f"Job {i}: {word} wanted, helpline 90000 88888") for i, word in enumerate(
        ["cooks", "drivers", "tailors", "welders", "painters"])]  # fmt: skip
    assert len({scan(texts, workers=1).index.network_id(a.id) for a in texts}) == 1
    capped = scan(texts, workers=1, config=NetworkConfig(max_identifier_ads=3))
    assert capped.index.stats.identifiers_ignored == 1


def test_template_marks_the_varying_slots():
    result = template([a.text for a in ROTATED])
    assert result.text().startswith("Shree Ganesh Placement: girls {…} yrs needed for kothi work in {…}")
    assert result.slots()[0] == ["14-16", "15-17", "13-15"]


def test_generated_networks_are_found():
    data = generate(1500, seed=21)
    result = scan([s.ad for s in data], workers=1)
    assignments = result.index.assignments()
    same_true = same_both = same_predicted = 0
    for i, a in enumerate(data):
        for b in data[i + 1 : i + 60]:
            truth = a.advertiser == b.advertiser
            predicted = assignments[a.ad.id] != "" and assignments[a.ad.id] == assignments[b.ad.id]
            same_true += truth
            same_predicted += predicted
            same_both += truth and predicted
    assert same_both / same_predicted > 0.85
    assert same_both / same_true > 0.85


def test_adding_an_ad_that_bridges_two_networks_keeps_the_older_id():
    first = [ad("a1", "Shop helpers wanted, call 90000 10001"), ad("a2", "Godown loaders wanted, call 90000 10001")]
    second = [ad("b1", "Tailors for a boutique, 80000 20002"), ad("b2", "Embroidery workers, 80000 20002")]
    result = scan(first + second, workers=1)
    older, younger = result.index.network_id("a1"), result.index.network_id("b1")
    assert older < younger
    from picket.monitoring.analysis import analyse
    from picket.monitoring.pipeline import member

    bridge = ad("c1", "Packers wanted, call 90000 10001 or 80000 20002")
    assert result.index.add(member(bridge, analyse(bridge.text))).network_id == older
    assert {result.index.network_id(i) for i in ("a1", "a2", "b1", "b2", "c1")} == {older}
    assert [n.id for n in result.index.networks()] == [older]


def test_a_second_parallel_scan_in_the_same_process_finishes():
    """rensa's batch functions run a thread pool; a worker forked after one was started waited for it forever
    (the quality benchmark's second seed hung). Run in a child process with a time limit, so a hang fails."""
    import subprocess
    import sys

    script = (
        "from picket.monitoring.pipeline import PARALLEL_FROM, scan\n"
        "from picket.monitoring.synthetic import generate\n"
        "ads = [a.ad for a in generate(PARALLEL_FROM, seed=3)]\n"
        "first, second = scan(ads, workers=2), scan(ads, workers=2)\n"
        "print(len(first.rows), len(second.rows))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    first, second = done.stdout.split()
    assert first == second and int(first) > 0
