-- The default tariff (issue 4). Tariffs are data an admin edits afterwards; every database
-- starts with this table without a seed step. Cold chain has no remote row: not served.
INSERT INTO "shipping_services" ("service", "max_parcel_g", "volumetric_divisor", "updated_by") VALUES
	('express', 30000, 6000, 'migration'),
	('economy', 30000, 8000, 'migration'),
	('cold_chain', 20000, 6000, 'migration')
ON CONFLICT ("service") DO NOTHING;--> statement-breakpoint
INSERT INTO "shipping_tariffs" ("service", "zone", "first_fen", "step_fen", "transit_days") VALUES
	('express', 'local', 1200, 200, 1),
	('express', 'regional', 1500, 400, 2),
	('express', 'national', 1800, 600, 3),
	('express', 'remote', 2800, 1200, 5),
	('economy', 'local', 800, 100, 2),
	('economy', 'regional', 1000, 200, 3),
	('economy', 'national', 1200, 400, 5),
	('economy', 'remote', 2000, 800, 7),
	('cold_chain', 'local', 1800, 500, 1),
	('cold_chain', 'regional', 2400, 800, 1),
	('cold_chain', 'national', 3000, 1200, 2)
ON CONFLICT ("service", "zone") DO NOTHING;
