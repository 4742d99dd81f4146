/// The OpenAPI 3.1 description of every route, served at `GET /openapi.json`.
enum OpenAPIDocument {
    static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Herald",
        "version": "0.1.0",
        "description": "Novu-compatible integrations API."
      },
      "security": [
        {
          "apiKey": []
        },
        {
          "adminBearer": []
        }
      ],
      "paths": {
        "/v2/inbound-webhooks/delivery-providers/{environmentId}/{integrationId}": {
          "get": {
            "operationId": "probeProviderWebhook",
            "summary": "Answers providers that probe a webhook URL before saving it (Mandrill)",
            "security": [],
            "parameters": [
              { "name": "environmentId", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "integrationId", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "responses": {
              "200": {
                "description": "Reachable",
                "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "type": "string" } } } } }
              }
            }
          },
          "head": {
            "operationId": "probeProviderWebhookHead",
            "summary": "Answers providers that probe a webhook URL with HEAD",
            "security": [],
            "parameters": [
              { "name": "environmentId", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "integrationId", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "responses": { "200": { "description": "Reachable" } }
          },
          "post": {
            "operationId": "receiveProviderWebhook",
            "summary": "A provider's delivery report (Novu's inbound webhook route)",
            "description": "No API key: the provider's signature is the authentication (401 when it is wrong, stale, or missing while configurations.inboundWebhookEnabled is true). Unknown message ids are acknowledged.",
            "security": [],
            "parameters": [
              { "name": "environmentId", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "integrationId", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/json": { "schema": {} },
                "application/x-www-form-urlencoded": { "schema": { "type": "object" } },
                "text/plain": { "schema": { "type": "string" } }
              }
            },
            "responses": {
              "200": {
                "description": "Handled",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["data"],
                      "properties": {
                        "data": {
                          "type": "object",
                          "properties": {
                            "recorded": { "type": "integer" },
                            "unmatched": { "type": "integer" },
                            "duplicates": { "type": "integer" },
                            "verified": { "type": "boolean" },
                            "confirmedSubscription": { "type": "boolean" }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": { "$ref": "#/components/responses/Error" },
              "401": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" },
              "413": { "$ref": "#/components/responses/Error" }
            }
          }
        },
        "/health": {
          "get": {
            "operationId": "health",
            "summary": "Liveness and database health",
            "security": [],
            "responses": {
              "200": {
                "description": "Healthy",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "503": {
                "description": "Unhealthy",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "openapiDocument",
            "summary": "This OpenAPI document",
            "security": [],
            "responses": {
              "200": {
                "description": "OpenAPI document",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/providers": {
          "get": {
            "operationId": "listProviders",
            "summary": "List supported providers",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              }
            ],
            "responses": {
              "200": {
                "description": "Providers",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Provider"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/environments/me": {
          "get": {
            "operationId": "getCurrentEnvironment",
            "summary": "Get the caller's environment",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              }
            ],
            "responses": {
              "200": {
                "description": "Environment",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Environment"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations": {
          "get": {
            "operationId": "listIntegrations",
            "summary": "List integrations",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Integrations",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "post": {
            "operationId": "createIntegration",
            "summary": "Create an integration",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/CreateIntegrationRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created integration",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/active": {
          "get": {
            "operationId": "listActiveIntegrations",
            "summary": "List active integrations",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Active integrations",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{integrationId}": {
          "put": {
            "operationId": "updateIntegration",
            "summary": "Update an integration",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/IntegrationId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UpdateIntegrationRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Updated integration",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "delete": {
            "operationId": "deleteIntegration",
            "summary": "Delete an integration",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/IntegrationId"
              }
            ],
            "responses": {
              "200": {
                "description": "Remaining integrations",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{integrationId}/set-primary": {
          "post": {
            "operationId": "setPrimaryIntegration",
            "summary": "Make an integration primary",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/IntegrationId"
              }
            ],
            "responses": {
              "200": {
                "description": "Primary integration",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/webhook/provider/{providerOrIntegrationId}/status": {
          "get": {
            "operationId": "getWebhookSupportStatus",
            "summary": "Whether the provider supports webhooks",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/ProviderOrIntegrationId"
              }
            ],
            "responses": {
              "200": {
                "description": "Webhook support",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "boolean"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{integrationId}/auto-configure": {
          "post": {
            "operationId": "autoConfigureIntegration",
            "summary": "Register Herald's inbound webhook URL with the provider (SendGrid, Mailgun)",
            "description": "On success the integration's configurations get inboundWebhookEnabled: true and the provider's signing key. Other providers answer success: false with a message.",
            "parameters": [
              { "name": "integrationId", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "responses": {
              "200": {
                "description": "What auto-configure did",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["data"],
                      "properties": {
                        "data": {
                          "type": "object",
                          "required": ["success"],
                          "properties": {
                            "success": { "type": "boolean" },
                            "message": { "type": "string" },
                            "integration": { "$ref": "#/components/schemas/Integration" }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": { "$ref": "#/components/responses/Error" },
              "401": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" }
            }
          }
        },
        "/v1/integrations/webhooks/provider/{providerOrIntegrationId}/status": {
          "get": {
            "operationId": "getWebhookSupportStatusLegacy",
            "summary": "Whether the provider supports webhooks (legacy path)",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/ProviderOrIntegrationId"
              }
            ],
            "deprecated": true,
            "responses": {
              "200": {
                "description": "Webhook support",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "boolean"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{channelType}/limit": {
          "get": {
            "operationId": "getChannelLimit",
            "summary": "Get the channel's usage limit",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/ChannelType"
              }
            ],
            "responses": {
              "200": {
                "description": "Channel limit",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/ChannelLimit"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics",
            "summary": "Prometheus metrics",
            "security": [],
            "responses": {
              "200": {
                "description": "Metrics in the Prometheus text format",
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/deliveries": {
          "post": {
            "operationId": "createDelivery",
            "summary": "Queue a delivery",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey",
                "description": "Optional Idempotency-Key (at most 255 characters): the same body with the same key within 24 hours returns the same delivery (200); a different body with that key is a 409."
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/DeliveryRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "Queued delivery",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Delivery"
                        }
                      }
                    }
                  }
                }
              },
              "200": {
                "description": "Idempotent replay of an earlier delivery",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Delivery"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "get": {
            "operationId": "listDeliveries",
            "summary": "List deliveries",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "status",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string",
                  "enum": [
                    "queued",
                    "sending",
                    "retrying",
                    "sent",
                    "failed"
                  ]
                }
              },
              {
                "name": "channel",
                "in": "query",
                "required": false,
                "schema": {
                  "$ref": "#/components/schemas/Channel"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 500
                }
              },
              {
                "$ref": "#/components/parameters/Page"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Deliveries",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Delivery"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/deliveries/{deliveryId}": {
          "get": {
            "operationId": "getDelivery",
            "summary": "Get a delivery",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/DeliveryId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Delivery",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Delivery"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/deliveries/{deliveryId}/retry": {
          "post": {
            "operationId": "retryDelivery",
            "summary": "Retry a delivery",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/DeliveryId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "202": {
                "description": "Requeued delivery",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Delivery"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/select": {
          "post": {
            "operationId": "selectIntegrations",
            "summary": "Dry-run integration selection",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/DeliveryRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Selection",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Selection"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{integrationId}/history": {
          "get": {
            "operationId": "getIntegrationHistory",
            "summary": "Every recorded change to an integration, newest first (Herald's audit trail)",
            "description": "Who (an environment's API key or the admin token), when, the action, the fields changed and, for credentials, only which keys changed: never values. Kept after the integration is deleted. API-key callers see the entries of their own environment; 404 otherwise.",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/IntegrationId"
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "At most this many entries (1 to 500, default 100).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 500
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The history, newest first",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/IntegrationHistoryEntry"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/integrations/{integrationId}/health": {
          "get": {
            "operationId": "getIntegrationHealth",
            "summary": "An integration's circuit-breaker health",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/IntegrationId"
              }
            ],
            "responses": {
              "200": {
                "description": "Integration health",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/IntegrationHealth"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}/notifications/feed": {
          "get": {
            "operationId": "getNotificationsFeed",
            "summary": "A subscriber's inbox feed",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/Page"
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100
                }
              },
              {
                "name": "read",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "boolean"
                }
              },
              {
                "name": "seen",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "boolean"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Inbox page",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data",
                        "page",
                        "pageSize",
                        "totalCount",
                        "hasMore"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/InboxMessage"
                          }
                        },
                        "page": {
                          "type": "integer"
                        },
                        "pageSize": {
                          "type": "integer"
                        },
                        "totalCount": {
                          "type": "integer"
                        },
                        "hasMore": {
                          "type": "boolean"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}/notifications/unseen": {
          "get": {
            "operationId": "getUnseenCount",
            "summary": "Count a subscriber's unseen messages",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Unseen count",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "object",
                          "additionalProperties": false,
                          "required": [
                            "count"
                          ],
                          "properties": {
                            "count": {
                              "type": "integer"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}/messages/mark-as": {
          "post": {
            "operationId": "markMessagesAs",
            "summary": "Mark inbox messages read, seen, unread or unseen",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              }
            ],
            "responses": {
              "200": {
                "description": "Updated messages",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/InboxMessage"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            },
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "messageId",
                      "markAs"
                    ],
                    "properties": {
                      "messageId": {
                        "anyOf": [
                          {
                            "type": "string"
                          },
                          {
                            "type": "array",
                            "items": {
                              "type": "string"
                            }
                          }
                        ]
                      },
                      "markAs": {
                        "type": "string",
                        "enum": [
                          "read",
                          "seen",
                          "unread",
                          "unseen"
                        ]
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/subscribers": {
          "get": {
            "operationId": "listSubscribers",
            "summary": "List the environment's subscribers, newest first",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/Page"
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "A page of subscribers",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "page",
                        "totalCount",
                        "pageSize",
                        "data"
                      ],
                      "properties": {
                        "page": {
                          "type": "integer"
                        },
                        "totalCount": {
                          "type": "integer"
                        },
                        "pageSize": {
                          "type": "integer"
                        },
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Subscriber"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "post": {
            "operationId": "createSubscriber",
            "summary": "Create a subscriber, or update it when the subscriberId exists",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/CreateSubscriberBody"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The subscriber",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Subscriber"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}": {
          "get": {
            "operationId": "getSubscriber",
            "summary": "A subscriber",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "The subscriber",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Subscriber"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "put": {
            "operationId": "updateSubscriber",
            "summary": "Update a subscriber's profile (fields sent as null are left unchanged)",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UpdateSubscriberBody"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The subscriber",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Subscriber"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "delete": {
            "operationId": "deleteSubscriber",
            "summary": "Delete a subscriber",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Deleted",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/SubscriberDeleted"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}/credentials": {
          "put": {
            "operationId": "updateSubscriberCredentials",
            "summary": "Replace the subscriber's credentials for an integration",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SubscriberCredentialsBody"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The subscriber",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Subscriber"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "patch": {
            "operationId": "modifySubscriberCredentials",
            "summary": "Merge into the subscriber's credentials for an integration (device tokens appended without duplicates)",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SubscriberCredentialsBody"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The subscriber",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/Subscriber"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/subscribers/{subscriberId}/credentials/{providerId}": {
          "delete": {
            "operationId": "deleteSubscriberCredentials",
            "summary": "Remove the subscriber's credentials for a provider",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/SubscriberId"
              },
              {
                "name": "providerId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "204": {
                "description": "Removed"
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/webhook-endpoints": {
          "get": {
            "operationId": "listWebhookEndpoints",
            "summary": "List the environment's webhook endpoints, newest first (without secrets)",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Webhook endpoints",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/WebhookEndpoint"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "post": {
            "operationId": "createWebhookEndpoint",
            "summary": "Create a webhook endpoint; its signing secret is shown only in this answer",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/CreateWebhookEndpointBody"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The endpoint and its secret",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/WebhookEndpointWithSecret"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/webhook-endpoints/{endpointId}": {
          "get": {
            "operationId": "getWebhookEndpoint",
            "summary": "A webhook endpoint (without its secret)",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "endpointId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "The endpoint",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/WebhookEndpoint"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "put": {
            "operationId": "updateWebhookEndpoint",
            "summary": "Change the fields sent",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "endpointId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UpdateWebhookEndpointBody"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The endpoint",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/WebhookEndpoint"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          },
          "delete": {
            "operationId": "deleteWebhookEndpoint",
            "summary": "Remove a webhook endpoint, its pending messages and its attempt log",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "endpointId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "Removed",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/SubscriberDeleted"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/webhook-endpoints/{endpointId}/rotate-secret": {
          "post": {
            "operationId": "rotateWebhookEndpointSecret",
            "summary": "Replace the signing secret; the new one is shown only in this answer",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "endpointId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "The endpoint and its new secret",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "data"
                      ],
                      "properties": {
                        "data": {
                          "$ref": "#/components/schemas/WebhookEndpointWithSecret"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        },
        "/v1/webhook-endpoints/{endpointId}/attempts": {
          "get": {
            "operationId": "listWebhookEndpointAttempts",
            "summary": "The endpoint's delivery attempts, newest first",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "name": "endpointId",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/Page"
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100
                }
              },
              {
                "$ref": "#/components/parameters/EnvironmentId"
              }
            ],
            "responses": {
              "200": {
                "description": "A page of attempts",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "page",
                        "totalCount",
                        "pageSize",
                        "data"
                      ],
                      "properties": {
                        "page": {
                          "type": "integer"
                        },
                        "totalCount": {
                          "type": "integer"
                        },
                        "pageSize": {
                          "type": "integer"
                        },
                        "data": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/WebhookAttempt"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/Error"
              },
              "401": {
                "$ref": "#/components/responses/Error"
              },
              "403": {
                "$ref": "#/components/responses/Error"
              },
              "404": {
                "$ref": "#/components/responses/Error"
              },
              "409": {
                "$ref": "#/components/responses/Error"
              },
              "413": {
                "$ref": "#/components/responses/Error"
              },
              "422": {
                "$ref": "#/components/responses/Error"
              }
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "apiKey": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "ApiKey <secret key>"
          },
          "adminBearer": {
            "type": "http",
            "scheme": "bearer"
          }
        },
        "parameters": {
          "IdempotencyKey": {
            "name": "idempotency-key",
            "in": "header",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          "EnvironmentId": {
            "name": "environmentId",
            "in": "query",
            "required": false,
            "description": "Target environment (admin callers)",
            "schema": {
              "type": "string"
            }
          },
          "IntegrationId": {
            "name": "integrationId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          "ProviderOrIntegrationId": {
            "name": "providerOrIntegrationId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          "ChannelType": {
            "name": "channelType",
            "in": "path",
            "required": true,
            "schema": {
              "$ref": "#/components/schemas/Channel"
            }
          },
          "DeliveryId": {
            "name": "deliveryId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          "SubscriberId": {
            "name": "subscriberId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          "Page": {
            "name": "page",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          }
        },
        "responses": {
          "Error": {
            "description": "Error",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ErrorResponse"
                }
              }
            }
          }
        },
        "schemas": {
          "ErrorResponse": {
            "type": "object",
            "additionalProperties": true,
            "required": [
              "statusCode",
              "timestamp",
              "path",
              "message"
            ],
            "properties": {
              "statusCode": {
                "type": "integer"
              },
              "timestamp": {
                "type": "string",
                "format": "date-time"
              },
              "path": {
                "type": "string"
              },
              "message": {
                "type": "string"
              },
              "error": {
                "type": "string"
              },
              "errorId": {
                "type": "string"
              },
              "errors": {
                "type": "object",
                "additionalProperties": true,
                "properties": {
                  "general": {
                    "type": "object",
                    "additionalProperties": true,
                    "properties": {
                      "messages": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "Channel": {
            "type": "string",
            "enum": [
              "in_app",
              "email",
              "sms",
              "chat",
              "push"
            ]
          },
          "Credentials": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "apiKey": {
                "type": "string"
              },
              "user": {
                "type": "string"
              },
              "secretKey": {
                "type": "string"
              },
              "domain": {
                "type": "string"
              },
              "password": {
                "type": "string"
              },
              "host": {
                "type": "string"
              },
              "region": {
                "type": "string"
              },
              "accountSid": {
                "type": "string"
              },
              "messageProfileId": {
                "type": "string"
              },
              "token": {
                "type": "string"
              },
              "from": {
                "type": "string"
              },
              "senderName": {
                "type": "string"
              },
              "projectName": {
                "type": "string"
              },
              "applicationId": {
                "type": "string"
              },
              "clientId": {
                "type": "string"
              },
              "baseUrl": {
                "type": "string"
              },
              "webhookUrl": {
                "type": "string"
              },
              "redirectUrl": {
                "type": "string"
              },
              "serviceAccount": {
                "type": "string"
              },
              "ipPoolName": {
                "type": "string"
              },
              "apiKeyRequestHeader": {
                "type": "string"
              },
              "secretKeyRequestHeader": {
                "type": "string"
              },
              "idPath": {
                "type": "string"
              },
              "datePath": {
                "type": "string"
              },
              "apiToken": {
                "type": "string"
              },
              "authenticationTokenKey": {
                "type": "string"
              },
              "instanceId": {
                "type": "string"
              },
              "alertUid": {
                "type": "string"
              },
              "title": {
                "type": "string"
              },
              "imageUrl": {
                "type": "string"
              },
              "state": {
                "type": "string"
              },
              "channelId": {
                "type": "string"
              },
              "phoneNumberIdentification": {
                "type": "string"
              },
              "accessKey": {
                "type": "string"
              },
              "appSid": {
                "type": "string"
              },
              "senderId": {
                "type": "string"
              },
              "tenantId": {
                "type": "string"
              },
              "appIOBaseUrl": {
                "type": "string"
              },
              "contentType": {
                "type": "string"
              },
              "apiURL": {
                "type": "string"
              },
              "appID": {
                "type": "string"
              },
              "externalLink": {
                "type": "string"
              },
              "apiVersion": {
                "type": "string"
              },
              "servicePlanId": {
                "type": "string"
              },
              "signingSecret": {
                "type": "string"
              },
              "AppIOSubscriptionId": {
                "type": "string"
              },
              "AppIOBearerToken": {
                "type": "string"
              },
              "AppIOOriginalSignature": {
                "type": "string"
              },
              "botToken": {
                "type": "string"
              },
              "AppIOBaseUrl": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "secure": {
                "type": "boolean"
              },
              "requireTls": {
                "type": "boolean"
              },
              "ignoreTls": {
                "type": "boolean"
              },
              "hmac": {
                "type": "boolean"
              },
              "authenticateByToken": {
                "type": "boolean"
              },
              "tlsOptions": {
                "type": "object",
                "additionalProperties": true
              }
            }
          },
          "Configurations": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "inboundWebhookEnabled": {
                "type": "boolean"
              },
              "inboundWebhookSigningKey": {
                "type": "string"
              },
              "configurationSetName": {
                "type": "string"
              },
              "inboxCount": {
                "type": "string"
              },
              "pushResources": {},
              "maxConcurrency": {
                "type": "integer",
                "minimum": 1,
                "maximum": 10000
              },
              "maxPerSecond": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 100000
              }
            }
          },
          "FilterPart": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "field",
              "operator",
              "on"
            ],
            "properties": {
              "field": {
                "type": "string",
                "minLength": 1
              },
              "value": {},
              "operator": {
                "type": "string",
                "enum": [
                  "LARGER",
                  "SMALLER",
                  "LARGER_EQUAL",
                  "SMALLER_EQUAL",
                  "EQUAL",
                  "NOT_EQUAL",
                  "ALL_IN",
                  "ANY_IN",
                  "NOT_IN",
                  "BETWEEN",
                  "NOT_BETWEEN",
                  "LIKE",
                  "NOT_LIKE",
                  "IN",
                  "IS_DEFINED"
                ]
              },
              "on": {
                "type": "string",
                "enum": [
                  "tenant",
                  "subscriber",
                  "payload"
                ]
              }
            }
          },
          "StepFilter": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "value"
            ],
            "properties": {
              "isNegated": {
                "type": "boolean"
              },
              "type": {
                "type": "string"
              },
              "value": {
                "type": "string",
                "enum": [
                  "AND",
                  "OR"
                ]
              },
              "children": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FilterPart"
                }
              }
            }
          },
          "StoredStepFilter": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "isNegated",
              "value",
              "children"
            ],
            "properties": {
              "isNegated": {
                "type": "boolean"
              },
              "type": {
                "type": "string"
              },
              "value": {
                "type": "string",
                "enum": [
                  "AND",
                  "OR"
                ]
              },
              "children": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FilterPart"
                }
              }
            }
          },
          "Integration": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "_environmentId",
              "_organizationId",
              "name",
              "identifier",
              "providerId",
              "channel",
              "configurations",
              "active",
              "deleted",
              "primary",
              "priority",
              "conditions",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string"
              },
              "_organizationId": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "identifier": {
                "type": "string"
              },
              "providerId": {
                "type": "string"
              },
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "credentials": {
                "$ref": "#/components/schemas/Credentials"
              },
              "configurations": {
                "$ref": "#/components/schemas/Configurations"
              },
              "active": {
                "type": "boolean"
              },
              "deleted": {
                "type": "boolean"
              },
              "deletedAt": {
                "type": "string",
                "format": "date-time"
              },
              "deletedBy": {
                "type": "string"
              },
              "primary": {
                "type": "boolean"
              },
              "priority": {
                "type": "integer"
              },
              "conditions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/StoredStepFilter"
                }
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "CreateIntegrationRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "providerId",
              "channel"
            ],
            "properties": {
              "providerId": {
                "type": "string"
              },
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "name": {
                "type": "string"
              },
              "identifier": {
                "type": "string",
                "minLength": 1
              },
              "_environmentId": {
                "type": "string"
              },
              "credentials": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/Credentials"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "configurations": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/Configurations"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "active": {
                "type": "boolean"
              },
              "check": {
                "type": "boolean"
              },
              "conditions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/StepFilter"
                }
              }
            }
          },
          "UpdateIntegrationRequest": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "providerId": {
                "type": "string"
              },
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "name": {
                "type": "string"
              },
              "identifier": {
                "type": "string",
                "minLength": 1
              },
              "_environmentId": {
                "type": "string"
              },
              "credentials": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/Credentials"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "configurations": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/Configurations"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "active": {
                "type": "boolean"
              },
              "check": {
                "type": "boolean"
              },
              "conditions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/StepFilter"
                }
              }
            }
          },
          "Provider": {
            "type": "object",
            "required": [
              "id",
              "displayName",
              "channel",
              "beta",
              "credentials"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "displayName": {
                "type": "string"
              },
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "beta": {
                "type": "boolean"
              },
              "canSend": {
                "type": "boolean",
                "description": "Whether Herald has an adapter that sends through this provider."
              },
              "credentials": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "key",
                    "required",
                    "secret",
                    "type"
                  ],
                  "properties": {
                    "key": {
                      "type": "string"
                    },
                    "required": {
                      "type": "boolean"
                    },
                    "secret": {
                      "type": "boolean"
                    },
                    "type": {
                      "type": "string",
                      "enum": [
                        "string",
                        "number",
                        "switch",
                        "dropdown",
                        "textarea",
                        "object"
                      ]
                    }
                  }
                }
              }
            }
          },
          "Environment": {
            "type": "object",
            "required": [
              "_id",
              "name",
              "_organizationId"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "_organizationId": {
                "type": "string"
              }
            }
          },
          "ChannelLimit": {
            "type": "object",
            "required": [
              "limit",
              "count"
            ],
            "properties": {
              "limit": {
                "type": "integer"
              },
              "count": {
                "type": "integer"
              }
            }
          },
          "Health": {
            "type": "object",
            "required": [
              "status",
              "database"
            ],
            "properties": {
              "status": {
                "type": "string"
              },
              "database": {
                "type": "string"
              }
            }
          },
          "DeliveryAttempt": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "round",
              "_integrationId",
              "identifier",
              "providerId",
              "startedAt",
              "endedAt",
              "outcome"
            ],
            "properties": {
              "round": {
                "type": "integer"
              },
              "_integrationId": {
                "type": "string"
              },
              "identifier": {
                "type": "string"
              },
              "providerId": {
                "type": "string"
              },
              "startedAt": {
                "type": "string",
                "format": "date-time"
              },
              "endedAt": {
                "type": "string",
                "format": "date-time"
              },
              "outcome": {
                "type": "string",
                "enum": [
                  "sent",
                  "retryable",
                  "permanent"
                ]
              },
              "messageId": {
                "type": "string"
              },
              "error": {
                "type": "string"
              },
              "reason": {
                "type": "string",
                "description": "Why the attempt failed.",
                "enum": ["timeout", "connection", "rate_limited", "provider_unavailable", "bad_credentials", "misconfigured", "invalid_recipient", "invalid_device_token", "rejected", "quota_exceeded", "unknown"]
              },
              "providerCode": {
                "type": "string",
                "description": "The provider's own error code."
              },
              "httpStatus": {
                "type": "integer",
                "description": "The provider's HTTP status."
              },
              "failedRecipients": {
                "type": "array",
                "description": "Recipients or device tokens the provider reported failed while the message was sent.",
                "items": {
                  "type": "object",
                  "properties": {
                    "address": { "type": "string" },
                    "reason": { "type": "string" },
                    "error": { "type": "string" }
                  }
                }
              }
            }
          },
          "Delivery": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "_environmentId",
              "channel",
              "status",
              "round",
              "nextAttemptAt",
              "createdAt",
              "updatedAt",
              "attempts"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string"
              },
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "status": {
                "type": "string",
                "enum": [
                  "queued",
                  "sending",
                  "retrying",
                  "sent",
                  "delivered",
                  "failed"
                ]
              },
              "round": {
                "type": "integer"
              },
              "nextAttemptAt": {
                "type": "string",
                "format": "date-time"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              },
              "attempts": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/DeliveryAttempt"
                }
              },
              "events": {
                "description": "What the provider reported after accepting the message, from its webhooks.",
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/ProviderEvent"
                }
              },
              "transactionId": {
                "type": "string"
              },
              "integrationIdentifier": {
                "type": "string"
              }
            }
          },
          "ProviderEvent": {
            "type": "object",
            "additionalProperties": false,
            "required": ["_id", "_integrationId", "providerId", "status", "providerStatus", "occurredAt", "receivedAt", "verified"],
            "properties": {
              "_id": { "type": "string" },
              "_integrationId": { "type": "string" },
              "providerId": { "type": "string" },
              "status": {
                "type": "string",
                "enum": ["created", "accepted", "queued", "sending", "sent", "deferred", "delayed", "delivered", "opened", "clicked", "dismissed", "bounced", "dropped", "rejected", "blocked", "failed", "undelivered", "spam", "complaint", "unsubscribed"]
              },
              "providerStatus": { "type": "string" },
              "messageId": { "type": "string" },
              "recipient": { "type": "string" },
              "detail": { "type": "string" },
              "occurredAt": { "type": "string", "format": "date-time" },
              "receivedAt": { "type": "string", "format": "date-time" },
              "verified": { "type": "boolean", "description": "Whether the webhook carried a valid signature; unsigned events change nothing." }
            }
          },
          "DeliveryRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "channel"
            ],
            "properties": {
              "channel": {
                "$ref": "#/components/schemas/Channel"
              },
              "to": {
                "anyOf": [
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "email": {
                        "description": "One address or a list of addresses.",
                        "anyOf": [
                          { "type": "string" },
                          { "type": "array", "items": { "type": "string" } }
                        ]
                      },
                      "cc": { "type": "array", "items": { "type": "string" } },
                      "bcc": { "type": "array", "items": { "type": "string" } },
                      "channel": { "type": "string", "description": "A chat channel name or id, for bot-token providers." },
                      "phone": {
                        "type": "string"
                      },
                      "deviceTokens": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        }
                      },
                      "webhookUrl": {
                        "type": "string"
                      },
                      "subscriberId": {
                        "type": "string"
                      }
                    }
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "content": {
                "anyOf": [
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "subject": {
                        "type": "string"
                      },
                      "html": {
                        "type": "string"
                      },
                      "text": {
                        "type": "string"
                      },
                      "content": {
                        "type": "string"
                      },
                      "title": {
                        "type": "string"
                      },
                      "body": {
                        "type": "string"
                      },
                      "data": {},
                      "from": { "type": "string", "description": "Overrides the integration's sender (email or SMS)." },
                      "senderName": { "type": "string" },
                      "replyTo": { "type": "string" },
                      "attachments": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "additionalProperties": false,
                          "required": ["filename", "content"],
                          "properties": {
                            "filename": { "type": "string" },
                            "contentType": { "type": "string" },
                            "content": { "type": "string", "description": "Base64." },
                            "cid": { "type": "string", "description": "Content id of an inline image." }
                          }
                        }
                      },
                      "headers": { "type": "object", "additionalProperties": { "type": "string" } },
                      "tags": { "type": "array", "items": { "type": "string" } },
                      "blocks": { "type": "array", "description": "Chat blocks (Slack), passed through." },
                      "sound": { "type": "string" },
                      "badge": { "type": "integer", "minimum": 0, "maximum": 1000000 },
                      "imageUrl": { "type": "string" },
                      "clickAction": { "type": "string" },
                      "threadId": { "type": "string" },
                      "category": { "type": "string" },
                      "priority": { "type": "string", "enum": ["high", "normal"] },
                      "ttl": { "type": "integer", "minimum": 0, "maximum": 2419200, "description": "Seconds." },
                      "collapseKey": { "type": "string" }
                    }
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "integrationIdentifier": {
                "type": "string"
              },
              "tenant": {
                "anyOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "subscriber": {
                "anyOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "payload": {
                "anyOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "overrides": {
                "anyOf": [
                  {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "transactionId": {
                "type": "string"
              }
            }
          },
          "SelectionEntry": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "identifier",
              "providerId",
              "taken",
              "reason"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "identifier": {
                "type": "string"
              },
              "providerId": {
                "type": "string"
              },
              "taken": {
                "type": "boolean"
              },
              "reason": {
                "type": "string"
              },
              "position": {
                "type": "integer"
              },
              "conditions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "passed",
                    "children"
                  ],
                  "properties": {
                    "passed": {
                      "type": "boolean"
                    },
                    "children": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "on",
                          "field",
                          "operator",
                          "value",
                          "actual",
                          "defined",
                          "passed"
                        ],
                        "properties": {
                          "on": {
                            "type": "string"
                          },
                          "field": {
                            "type": "string"
                          },
                          "operator": {
                            "type": "string"
                          },
                          "value": {},
                          "actual": {},
                          "defined": {
                            "type": "boolean"
                          },
                          "passed": {
                            "type": "boolean"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "Selection": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "chain",
              "integrations"
            ],
            "properties": {
              "chain": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SelectionEntry"
                }
              },
              "integrations": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SelectionEntry"
                }
              }
            }
          },
          "IntegrationHistoryEntry": {
            "type": "object",
            "additionalProperties": false,
            "required": ["_id", "_integrationId", "_environmentId", "actor", "action", "changes", "credentialKeys", "causedBy", "createdAt"],
            "properties": {
              "_id": {
                "type": "string",
                "description": "The entry's sequence number."
              },
              "_integrationId": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string",
                "description": "The integration's environment after the change."
              },
              "actor": {
                "type": "object",
                "additionalProperties": false,
                "required": ["type"],
                "properties": {
                  "type": {
                    "type": "string",
                    "enum": ["apiKey", "admin"]
                  },
                  "environmentId": {
                    "type": "string",
                    "description": "The API key's environment."
                  }
                }
              },
              "action": {
                "type": "string",
                "enum": ["created", "updated", "activated", "deactivated", "set_primary", "reranked", "deleted"],
                "description": "reranked: its primary flag or priority moved because of a change to the integration in causedBy."
              },
              "changes": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["field", "from", "to"],
                  "properties": {
                    "field": {
                      "type": "string",
                      "description": "name, identifier, _environmentId, active, primary, priority, conditions (from/to: numbers of groups) or configurations.<key> (from/to: null)."
                    },
                    "from": {},
                    "to": {}
                  }
                }
              },
              "credentialKeys": {
                "type": "object",
                "additionalProperties": false,
                "required": ["added", "removed", "changed"],
                "description": "Which credential keys changed; never their values.",
                "properties": {
                  "added": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "removed": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "changed": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              },
              "causedBy": {
                "type": ["string", "null"]
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "IntegrationHealth": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "state",
              "consecutiveFailures",
              "recentAttempts",
              "recentSuccesses",
              "successRate"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "state": {
                "type": "string",
                "enum": [
                  "closed",
                  "open",
                  "half-open",
                  "rate-limited"
                ]
              },
              "consecutiveFailures": {
                "type": "integer"
              },
              "recentAttempts": {
                "type": "integer"
              },
              "recentSuccesses": {
                "type": "integer"
              },
              "successRate": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "openUntil": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "InboxMessage": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "subscriberId",
              "content",
              "read",
              "seen",
              "createdAt"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "subscriberId": {
                "type": "string"
              },
              "content": {
                "type": "string"
              },
              "title": {
                "type": "string"
              },
              "data": {},
              "read": {
                "type": "boolean"
              },
              "seen": {
                "type": "boolean"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "_deliveryId": {
                "type": "string"
              }
            }
          },
          "SubscriberCredentials": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "webhookUrl": {
                "type": "string"
              },
              "channel": {
                "type": "string"
              },
              "deviceTokens": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "SubscriberChannel": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "providerId",
              "credentials"
            ],
            "properties": {
              "providerId": {
                "type": "string"
              },
              "integrationIdentifier": {
                "type": "string"
              },
              "_integrationId": {
                "type": "string"
              },
              "credentials": {
                "$ref": "#/components/schemas/SubscriberCredentials"
              }
            }
          },
          "Subscriber": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "_environmentId",
              "_organizationId",
              "subscriberId",
              "channels",
              "deleted",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string"
              },
              "_organizationId": {
                "type": "string"
              },
              "subscriberId": {
                "type": "string"
              },
              "firstName": {
                "type": "string"
              },
              "lastName": {
                "type": "string"
              },
              "email": {
                "type": "string"
              },
              "phone": {
                "type": "string"
              },
              "avatar": {
                "type": "string"
              },
              "locale": {
                "type": "string"
              },
              "data": {
                "type": "object"
              },
              "channels": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SubscriberChannel"
                }
              },
              "deleted": {
                "type": "boolean"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "SubscriberDeleted": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "acknowledged",
              "status"
            ],
            "properties": {
              "acknowledged": {
                "type": "boolean"
              },
              "status": {
                "type": "string"
              }
            }
          },
          "SubscriberCredentialsBody": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "providerId",
              "credentials"
            ],
            "properties": {
              "providerId": {
                "type": "string",
                "description": "A chat or push provider with an active integration in the environment"
              },
              "integrationIdentifier": {
                "type": "string",
                "maxLength": 256
              },
              "credentials": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "webhookUrl": {
                    "type": "string",
                    "maxLength": 2048
                  },
                  "channel": {
                    "type": "string",
                    "maxLength": 256
                  },
                  "deviceTokens": {
                    "type": "array",
                    "maxItems": 1000,
                    "items": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 4096
                    }
                  }
                }
              }
            }
          },
          "CreateSubscriberBody": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "subscriberId"
            ],
            "properties": {
              "subscriberId": {
                "type": "string",
                "minLength": 1,
                "maxLength": 256
              },
              "firstName": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "lastName": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 254
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "avatar": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "locale": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "data": {
                "type": [
                  "object",
                  "null"
                ]
              },
              "channels": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "$ref": "#/components/schemas/SubscriberCredentialsBody"
                }
              }
            }
          },
          "UpdateSubscriberBody": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "firstName": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "lastName": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 254
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "avatar": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "locale": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              },
              "data": {
                "type": [
                  "object",
                  "null"
                ]
              },
              "subscriberId": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Accepted and ignored (Novu's SDKs send it)"
              },
              "channels": {
                "description": "Accepted and ignored (Novu's SDKs send it); use the credentials routes"
              }
            }
          },
          "WebhookEventType": {
            "type": "string",
            "enum": [
              "delivery.sent",
              "delivery.delivered",
              "delivery.failed",
              "delivery.bounced",
              "delivery.opened",
              "delivery.clicked",
              "integration.circuit_opened",
              "integration.circuit_closed"
            ]
          },
          "WebhookEndpoint": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "_environmentId",
              "_organizationId",
              "url",
              "eventTypes",
              "enabled",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string"
              },
              "_organizationId": {
                "type": "string"
              },
              "url": {
                "type": "string"
              },
              "eventTypes": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/WebhookEventType"
                }
              },
              "enabled": {
                "type": "boolean"
              },
              "description": {
                "type": "string"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "WebhookEndpointWithSecret": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "_environmentId",
              "_organizationId",
              "url",
              "eventTypes",
              "enabled",
              "createdAt",
              "updatedAt",
              "secret"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "_environmentId": {
                "type": "string"
              },
              "_organizationId": {
                "type": "string"
              },
              "url": {
                "type": "string"
              },
              "eventTypes": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/WebhookEventType"
                }
              },
              "enabled": {
                "type": "boolean"
              },
              "description": {
                "type": "string"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              },
              "secret": {
                "type": "string",
                "pattern": "^whsec_",
                "description": "Standard Webhooks signing secret; shown only when created or rotated"
              }
            }
          },
          "CreateWebhookEndpointBody": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "url"
            ],
            "properties": {
              "url": {
                "type": "string",
                "maxLength": 2048,
                "description": "http or https; must pass the outbound policy"
              },
              "eventTypes": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "$ref": "#/components/schemas/WebhookEventType"
                },
                "description": "Empty or absent: every event type"
              },
              "enabled": {
                "type": [
                  "boolean",
                  "null"
                ]
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              }
            }
          },
          "UpdateWebhookEndpointBody": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "url": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 2048
              },
              "eventTypes": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "$ref": "#/components/schemas/WebhookEventType"
                },
                "description": "Empty or absent: every event type"
              },
              "enabled": {
                "type": [
                  "boolean",
                  "null"
                ]
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1024
              }
            }
          },
          "WebhookAttempt": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "_id",
              "eventId",
              "eventType",
              "attempt",
              "statusCode",
              "error",
              "durationMs",
              "createdAt"
            ],
            "properties": {
              "_id": {
                "type": "string"
              },
              "eventId": {
                "type": "string"
              },
              "eventType": {
                "$ref": "#/components/schemas/WebhookEventType"
              },
              "attempt": {
                "type": "integer",
                "minimum": 1
              },
              "statusCode": {
                "type": [
                  "integer",
                  "null"
                ]
              },
              "error": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Redacted and short"
              },
              "durationMs": {
                "type": "integer",
                "minimum": 0
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          }
        }
      }
    }
    """#
}
