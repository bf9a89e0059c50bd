"""Your authorization logic for LiveChat's basic flow: the one function to make your own."""


def authorize_agent(login: str) -> bool:
    """Decide whether the agent ``login`` may use this extension.

    The Agent App sends the agent's login (their e-mail) and LiveChat API key to
    ``POST /authorize/`` each time the extension loads. This is called only after LiveChat's
    API has vouched that the key is that agent's (unless ``VERIFY_AGENTS`` is off, in
    development), so ``login`` is who the agent is. Put your own rules here: an allow-list,
    your customers' licences, a look-up in your user base. Return False to refuse the agent:
    the Agent App then reports an authorization error.

    By default every agent LiveChat vouches for is accepted.
    """
    return True
