def test_pages_open(editor):
    for url in (
        "/staff/skemaer",
        "/staff/skemaer/netvaerksmesse",
        "/staff/skemaer/ny",
        "/staff/skemaer/netvaerksmesse/kopi",
        "/staff/skemaer/netvaerksmesse/felter/firmanavn",
        "/staff/skemaer/netvaerksmesse/felter/netvaerk/svar",
        "/staff/skemaer/netvaerksmesse/felter/branche/show_if",
        "/staff/skemaer/netvaerksmesse/felter/deltagere.navn",
        "/staff/skemaer/netvaerksmesse/indstillinger/generelt",
        "/staff/skemaer/netvaerksmesse/indstillinger/kapacitet",
        "/staff/skemaer/netvaerksmesse/indstillinger/mail",
        "/staff/skemaer/netvaerksmesse/indstillinger/privatliv",
        "/staff/skemaer/netvaerksmesse/indstillinger/maanedlig",
        "/staff/skemaer/netvaerksmesse/indstillinger/datoer",
        "/staff/skemaer/netvaerksmesse/indstillinger/betingelser",
        "/staff/skemaer/netvaerksmesse/forhaandsvisning",
        "/staff/skemaer/netvaerksmesse/offentliggoer",
        "/staff/skemaer/netvaerksmesse/historik",
    ):
        response = editor.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[-3000:])
