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
              "pushResources": {}
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
          }
        }
      }
    }
    """#
}
