"""Every file made from the payment rolls (SPEC §3, decree20.md §8), and the health-insurance list (Art. 9).

- `roll_xlsx`: the roll of one commune, or of every commune in a district/province, as one streamed sheet.
- `signature_sheet`: the cash lines on an A4-portrait sheet the people sign when they collect (danh sách ký nhận).
- `bank_csv`: the account (bank, e-wallet) lines as a UTF-8 CSV for the payment organisation.
- `summary_xlsx`: one row per commune (and per district) of a month's rolls, with the cashless share.
- `health_insurance`: people newly entitled or ended in a month, for the social security agency.

Writers take a file-like `out` and plain arguments (units, rolls, what the reader may see); they never look at a
user, so the views and the `export_payment_roll` command share them. `cells` keeps every text cell a text.
"""
