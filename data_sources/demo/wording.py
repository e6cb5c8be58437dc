"""What people say in the demo: customers' words by topic, agents' greetings and replies.

Written to exercise the transcript checks of ``kpis.md``: complaints in the customer's own
words, apologies after them, thanks, greetings by name (now and then with a wrong name or
title), and, rarely, a banned phrase or a finger pointed at someone else.
"""

from __future__ import annotations

from data_sources.demo import stories

# topic -> (what a complaining customer writes, what an enquiring customer writes)
CUSTOMER_WORDS: dict[str, tuple[str, str]] = {
    "invoice query": (
        "My invoice {ref} is wrong again and nobody has explained why.",
        "Could you explain a line on invoice {ref}, please?",
    ),
    "double charge": (
        "You've charged my card twice for order {ref}. I want my money back.",
        "I think I see two payments for order {ref}, can you check?",
    ),
    "refund status": (
        "I'm still waiting for the refund on {ref}, it's been two weeks. Not happy.",
        "When will the refund for {ref} reach my account?",
    ),
    "late delivery": (
        "Order {ref} was due on Tuesday and still hasn't arrived. This is unacceptable.",
        "Can you tell me where order {ref} is?",
    ),
    "missing parcel": (
        "The tracking for {ref} says delivered but there is no parcel here. Really disappointed.",
        "My parcel {ref} shows delivered, could you look into it?",
    ),
    "change delivery address": (
        "I asked twice to change the address for {ref} and it still goes to the old one. Annoying!",
        "Can I change the delivery address for order {ref}?",
    ),
    "return label": (
        "The return label for {ref} doesn't work, this is the third time I'm asking.",
        "Where do I find the return label for {ref}?",
    ),
    "refund after return": (
        "You received my return {ref} a week ago and I still have no refund. Terrible.",
        "Has my return {ref} arrived yet?",
    ),
    "damaged item": (
        "The item in {ref} arrived broken. Very poor.",
        "One item in {ref} has a scratch, what are my options?",
    ),
    "device fault": (
        "The device from {ref} keeps switching off. I'm fed up with it.",
        "My device from {ref} shows an orange light, what does it mean?",
    ),
    "wifi setup": (
        "I've spent hours trying to get the wifi working, the guide is useless.",
        "How do I connect the device to my wifi?",
    ),
    "app crash": (
        "Your app crashes every time I open my orders. Awful.",
        "The app closed itself once today, is there an update?",
    ),
    "password reset": (
        "The password reset email never arrives. I've tried five times and I'm fed up!",
        "How do I reset my password?",
    ),
    "update details": (
        "I updated my phone number and it's gone back to the old one. Annoying.",
        "I'd like to update my phone number.",
    ),
    "close account": (
        "I asked to close my account last month and you're still emailing me. Unacceptable.",
        "Please close my account.",
    ),
    "points missing": (
        "My loyalty points for {ref} never showed up. Disappointing.",
        "When do points for order {ref} appear?",
    ),
    "voucher not applied": (
        "The voucher didn't apply at checkout on {ref} and I paid full price! Not happy.",
        "Can I still use my voucher on order {ref}?",
    ),
    "public complaint": (
        "Third time contacting you about {ref}. Worst service ever.",
        "Quick question about order {ref}.",
    ),
    "general question": (
        "Nobody answers my emails. Why is it so hard to get help?",
        "What are your opening hours this weekend?",
    ),
    "bulk order": (
        "Our bulk order {ref} arrived short by 20 units. This hurts our business.",
        "We'd like a quote for a bulk order similar to {ref}.",
    ),
    "invoice terms": (
        "You sent our account {ref} to collections although we have 60-day terms! Ridiculous.",
        "Can we move account {ref} to 60-day payment terms?",
    ),
    "card declined": (
        "My card was declined on {ref} but the money left my account! I want my money back.",
        "Why was my card declined on {ref}?",
    ),
    "payment plan": (
        "I agreed a payment plan and you still took the full amount. Unacceptable.",
        "Can I pay order {ref} in instalments?",
    ),
    stories.RECURRING_THEME_TOPIC: (
        "I can't log in to the app since the last update. It just says 'login failed'.",
        "I can't log in to the app since the last update, can you help?",
    ),
}

CUSTOMER_FOLLOW_UPS = (
    "The reference is {ref}.",
    "I've attached a photo.",
    "Yes, that's my address.",
    "I'd rather have a refund than a replacement.",
    "OK, what happens next?",
)
CUSTOMER_THANKS = ("Thanks.", "Thank you, that's great.", "OK, cheers.", "Thanks for your help!")

APOLOGIES = (
    "I'm so sorry about this.",
    "I apologise for the trouble this has caused.",
    "Sorry to hear that, that shouldn't have happened.",
)
ACKNOWLEDGEMENTS = (
    "Let me look into that for you.",
    "I'm checking your account now.",
    "I can help with that.",
)
RESOLUTIONS = (
    "I've sorted that out for you now.",
    "I've corrected it on our side and you'll see it in your account.",
    "I've issued the refund; it takes three to five working days.",
    "I've sent you the instructions by email.",
)
PROMISE_WORDS = (
    "You'll have the replacement by {due}.",
    "I'll call you back by {due} with an answer.",
    "The refund will be with you by {due}.",
    "I'll confirm the new delivery slot by {due}.",
)
BANNED = (
    "I'm afraid that's company policy.",
    "That's not my job, you'll need to call someone else.",
    "There's nothing I can do about it.",
    "Please calm down.",
    "You should have read the terms.",
)
BLAME = (
    "The courier lost it, I'm afraid.",
    "That's the warehouse's fault, not ours.",
    "The delivery company messed up your order.",
    "Our supplier messed up and sent the wrong part.",
)
THANKS = (
    "Thank you for your patience.",
    "Thanks for bearing with me.",
    "Thank you for getting in touch.",
)
PLAIN_CLOSINGS = ("Anything else?", "Closing this now.")

CSAT_COMMENTS = {
    1: ("Waited forever and nobody cared.", "I was passed around three times."),
    2: ("Slow answer.", "Had to explain everything twice."),
    3: ("Fine, nothing special.", "Took a while but sorted."),
    4: ("Helpful agent.", "Quick and friendly."),
    5: ("Brilliant, sorted in minutes!", "Lovely agent, thank you."),
}

PUBLIC_REVIEW_TEXTS = {
    1: ("Impossible to reach anyone.", "Lost my parcel and blamed the courier."),
    2: ("Slow to reply.", "Refund took weeks."),
    3: ("Okay service.", "Average, could be faster."),
    4: ("Good service overall.", "Quick delivery, friendly staff."),
    5: ("Excellent support!", "They went above and beyond."),
}
THEME_REVIEW = "Can't log in to the app since the update. Fix it!"
PLATFORMS = ("Trustpilot", "Google", "App Store")

COACHING_NOTES = (
    "Good empathy; remember to confirm the customer's name from the record.",
    "Solid call. Offer the callback time up front next time.",
    "Avoid quoting policy; explain what you can do instead.",
    "Great ownership of the delivery problem.",
)
QA_COMMENTS = ("Clear and friendly.", "Missed the identity check.", "Good resolution.", None)


def greeting(channel: str, *, title: str, first: str, last: str, agent_first: str) -> str:
    """How an agent opens, addressing the customer by the name given."""
    if channel == "phone":
        return f"Good morning {title} {last}, you're speaking with {agent_first}."
    if channel in ("chat", "sms", "social"):
        return f"Hi {first}, {agent_first} here."
    return f"Dear {title} {last},"
