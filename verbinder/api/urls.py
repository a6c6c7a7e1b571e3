from ninja import NinjaAPI

api = NinjaAPI(title="Verbinder API", version="1", urls_namespace="api")
