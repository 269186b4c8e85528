"""The OpenAPI 3.1 description of helpgen's HTTP API, served at /api/openapi.json."""

from __future__ import annotations

from helpgen import __version__

_ERROR = {
    "description": "Refused; the body says why.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_Q = {
    "name": "q",
    "in": "query",
    "required": True,
    "schema": {"type": "string", "maxLength": 10000},
    "description": "What the shopper typed.",
}
_LIMIT = {
    "name": "limit",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": 50},
}
_LANG = {
    "name": "lang",
    "in": "query",
    "schema": {"type": "string"},
    "description": "Only articles in this language.",
}

_MODE = {
    "type": "string",
    "enum": ["lexical", "hybrid"],
    "description": "/api/search: the ranking that answered. hybrid: words and meaning "
    "(semantic search); lexical: words only (no semantic search, a language "
    "it does not speak, or its vectors not made yet after a start or rebuild).",
}


def _results(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}},
    }


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "helpgen help center API",
        "version": __version__,
        "description": "Search the help center, send article feedback, read statistics.",
    },
    "paths": {
        "/api/search": {
            "get": {
                "summary": "Articles that answer a question",
                "operationId": "search",
                "parameters": [
                    _Q,
                    _LIMIT,
                    _LANG,
                    {"name": "category", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {"200": _results("Best matches first."), "400": _ERROR, "503": _ERROR},
            }
        },
        "/api/suggest": {
            "get": {
                "summary": "Articles matching what has been typed so far",
                "operationId": "suggest",
                "parameters": [_Q, _LIMIT, _LANG],
                "responses": {
                    "200": _results("Suggestions, best first."),
                    "400": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/answer": {
            "get": {
                "summary": "The passage of an article that answers a question, or null",
                "operationId": "answer",
                "parameters": [_Q, _LANG],
                "responses": {
                    "200": {
                        "description": "The answer (null when none is confident) and the "
                        "top 5 results.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/AnswerResults"}
                            }
                        },
                    },
                    "400": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/feedback": {
            "post": {
                "summary": "Record a 'Was this article helpful?' vote",
                "operationId": "feedback",
                "description": "application/json; text/plain (a beacon) only from the help "
                "center's own pages or the CORS allow-list. A request naming another origin "
                "(Origin, else Referer) is 403 (docs/statistics.md).",
                "requestBody": {
                    "required": True,
                    "content": {
                        media: {"schema": {"$ref": "#/components/schemas/Vote"}}
                        for media in ("application/json", "text/plain")
                    },
                },
                "responses": {
                    "201": {
                        "description": "Stored on disk.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "ok": {"const": True},
                                        "article": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "400": _ERROR,
                    "403": _ERROR,
                    "404": _ERROR,
                    "413": _ERROR,
                    "415": _ERROR,
                    "422": _ERROR,
                    "429": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/event": {
            "post": {
                "summary": "Count a statistics event: "
                "a view, a search, a result followed, a contact click",
                "operationId": "event",
                "description": "docs/statistics.md. Sent by a beacon as text/plain JSON, "
                "taken from the help center's own pages or the CORS allow-list.",
                "requestBody": {
                    "required": True,
                    "content": {
                        media: {"schema": {"$ref": "#/components/schemas/Event"}}
                        for media in ("text/plain", "application/json")
                    },
                },
                "responses": {
                    "204": {
                        "description": "Queued, or deliberately not counted (DNT, GPC, a bot)."
                    },
                    "400": _ERROR,
                    "403": _ERROR,
                    "404": _ERROR,
                    "413": _ERROR,
                    "415": _ERROR,
                    "422": _ERROR,
                    "429": _ERROR,
                },
            }
        },
        "/api/stats": {
            "get": {
                "summary": "Helpfulness per article and search figures (admin)",
                "operationId": "stats",
                "security": [{"adminToken": []}],
                "parameters": [
                    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}}
                ],
                "responses": {
                    "200": {
                        "description": "The same figures as `helpgen stats --json`.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "400": _ERROR,
                    "401": _ERROR,
                    "403": _ERROR,
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This description",
                "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1 document."}},
            }
        },
    },
    "components": {
        "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}},
            },
            "Hit": {
                "type": "object",
                "required": ["id", "title", "url", "snippet", "score", "category", "source"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string", "description": "Root-relative URL of the article."},
                    "snippet": {
                        "type": "string",
                        "description": "HTML-escaped text; matches in <mark>.",
                    },
                    "score": {"type": "number"},
                    "category": {"type": "string"},
                    "source": {"type": "string", "description": "File path under content_dir."},
                },
            },
            "SearchResults": {
                "type": "object",
                "required": ["query", "results"],
                "properties": {
                    "query": {"type": "string"},
                    "mode": _MODE,
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                },
            },
            "AnswerResults": {
                "type": "object",
                "required": ["query", "answer", "results"],
                "properties": {
                    "query": {"type": "string"},
                    "answer": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["text", "html", "confidence", "article", "section"],
                                "properties": {
                                    "text": {
                                        "type": "string",
                                        "description": "A quotation of the article's markdown.",
                                    },
                                    "html": {
                                        "type": "string",
                                        "description": "The text HTML-escaped; matches in <mark>.",
                                    },
                                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                                    "article": {
                                        "type": "object",
                                        "required": ["id", "title", "url", "source"],
                                    },
                                    "section": {
                                        "type": "object",
                                        "required": ["heading", "url"],
                                        "properties": {
                                            "heading": {"type": "string"},
                                            "url": {
                                                "type": "string",
                                                "description": "Deep link to the heading.",
                                            },
                                        },
                                    },
                                },
                            },
                        ]
                    },
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                },
            },
            "Vote": {
                "type": "object",
                "required": ["article", "helpful"],
                "additionalProperties": False,
                "properties": {
                    "article": {
                        "type": "string",
                        "maxLength": 500,
                        "description": "Article id or URL path.",
                    },
                    "helpful": {"type": "boolean"},
                    "reason": {
                        "enum": ["outdated", "unclear", "incomplete", "did_not_answer", "other"],
                        "description": "Only with helpful: false.",
                    },
                    "comment": {"type": "string", "maxLength": 1000},
                    "vote": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9-]{8,64}$",
                        "description": "A random id kept by the browser: "
                        "a changed vote replaces it.",
                    },
                },
            },
            "Event": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"enum": ["view", "search", "search_click", "contact_click"]},
                    "page": {
                        "type": "string",
                        "maxLength": 2000,
                        "description": "view, contact_click: "
                        "the URL path of the page it happened on.",
                    },
                    "query": {
                        "type": "string",
                        "maxLength": 500,
                        "description": "search, search_click.",
                    },
                    "results": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 10000,
                        "description": "search.",
                    },
                    "rank": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 1000,
                        "description": "search_click: the 1-based position of the result followed.",
                    },
                    "url": {
                        "type": "string",
                        "maxLength": 2000,
                        "description": "search_click: the result followed.",
                    },
                    "source": {"enum": ["page", "search", "instant", "widget"]},
                },
            },
        },
    },
}
