"""OMS API access: the API profile, typed payloads and the httpx client."""
