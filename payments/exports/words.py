"""An amount in Vietnamese words, as written under the total of a payment document ("Bằng chữ: …")."""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three(number: int, *, leading: bool) -> list[str]:
    """Words for 0 < number < 1000; `leading` is the highest group, which drops «không trăm» and «linh»."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """1_500_000 → 'Một triệu năm trăm nghìn đồng'; negative amounts start with «Âm»."""
    value = abs(int(amount))
    if value == 0:
        return "Không đồng"
    groups: list[int] = []
    while value:
        groups.append(value % 1000)
        value //= 1000
    if len(groups) > len(GROUPS):
        raise ValueError("amount too large")
    words: list[str] = ["âm"] if amount < 0 else []
    top = len(groups) - 1
    for position in range(top, -1, -1):
        group = groups[position]
        if not group:
            continue
        words += _three(group, leading=position == top)
        if GROUPS[position]:
            words.append(GROUPS[position])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
