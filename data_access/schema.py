"""The registry schema (``shared/registry-schema.md``, version 1) as SQLAlchemy Core tables.

Types follow the contract's storage rules on every engine: ``DATE`` is ISO text
``YYYY-MM-DD`` in SQLite, ``TIMESTAMP`` is local time without zone stored as
``YYYY-MM-DD HH:MM:SS`` in SQLite, ``BOOL`` is 0/1 in SQLite.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects import sqlite

# SQLite keeps timestamps as 'YYYY-MM-DD HH:MM:SS' (no fraction), as the contract says;
# comparisons against bound parameters then stay plain text comparisons.
_SQLITE_TS = sqlite.DATETIME(
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
    regexp=r"(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)(?:\.\d+)?",
)
Timestamp = DateTime().with_variant(_SQLITE_TS, "sqlite")

metadata = MetaData()

community = Table(
    "community",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, unique=True, nullable=False),
    Column("name", Text, nullable=False),
    Column("township", Text, nullable=False),
    Column("area_km2", Float),
)

area = Table(
    "area",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", Integer, ForeignKey("community.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("lead_name", Text),
)

grid = Table(
    "grid",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", Integer, ForeignKey("community.id"), nullable=False),
    Column("area_id", Integer, ForeignKey("area.id")),
    Column("code", Text, unique=True, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("inhabited", Boolean, nullable=False),
    Column("boundary", Text),
)

household = Table(
    "household",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grid_id", Integer, ForeignKey("grid.id"), nullable=False),
    Column("address", Text, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("closed_on", Date),
)

resident = Table(
    "resident",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("household_id", Integer, ForeignKey("household.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("gender", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("id_number", Text),
    Column("phone", Text),
    Column("residency", Text, nullable=False),
    Column("floating_origin", Text),
    Column("registered_on", Date, nullable=False),
    Column("left_on", Date),
)

special_group = Table(
    "special_group",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("applies_to", Text, nullable=False),
    Column("sensitive", Boolean, nullable=False),
)

resident_group = Table(
    "resident_group",
    metadata,
    Column("resident_id", Integer, ForeignKey("resident.id"), nullable=False),
    Column("group_code", Text, ForeignKey("special_group.code"), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date),
    PrimaryKeyConstraint("resident_id", "group_code", "since"),
)

household_group = Table(
    "household_group",
    metadata,
    Column("household_id", Integer, ForeignKey("household.id"), nullable=False),
    Column("group_code", Text, ForeignKey("special_group.code"), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date),
    PrimaryKeyConstraint("household_id", "group_code", "since"),
)

rental = Table(
    "rental",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("household_id", Integer, ForeignKey("household.id"), nullable=False),
    Column("landlord_name", Text),
    Column("pledge_signed_on", Date),
    Column("last_inspected_on", Date),
)

worker = Table(
    "worker",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", Integer, ForeignKey("community.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("phone", Text),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
)

grid_assignment = Table(
    "grid_assignment",
    metadata,
    Column("worker_id", Integer, ForeignKey("worker.id"), nullable=False),
    Column("grid_id", Integer, ForeignKey("grid.id"), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date),
    PrimaryKeyConstraint("worker_id", "grid_id", "since"),
)

visit = Table(
    "visit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("worker_id", Integer, ForeignKey("worker.id"), nullable=False),
    Column("household_id", Integer, ForeignKey("household.id"), nullable=False),
    Column("visited_at", Timestamp, nullable=False),
    Column("purpose", Text, nullable=False),
)

patrol = Table(
    "patrol",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("worker_id", Integer, ForeignKey("worker.id"), nullable=False),
    Column("grid_id", Integer, ForeignKey("grid.id"), nullable=False),
    Column("patrolled_on", Date, nullable=False),
)

work_log = Table(
    "work_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("worker_id", Integer, ForeignKey("worker.id"), nullable=False),
    Column("log_date", Date, nullable=False),
    Column("submitted_at", Timestamp, nullable=False),
)

incident_category = Table(
    "incident_category",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
)

incident = Table(
    "incident",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grid_id", Integer, ForeignKey("grid.id"), nullable=False),
    Column("reported_by", Integer, ForeignKey("worker.id")),
    Column("category", Text, ForeignKey("incident_category.code"), nullable=False),
    Column("reported_at", Timestamp, nullable=False),
    Column("accepted_at", Timestamp),
    Column("resolved_at", Timestamp),
    Column("escalated", Boolean, nullable=False),
)

assessment_criterion = Table(
    "assessment_criterion",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("max_score", Float, nullable=False),
)

assessment = Table(
    "assessment",
    metadata,
    Column("worker_id", Integer, ForeignKey("worker.id"), nullable=False),
    Column("period", Text, nullable=False),
    Column("criterion_code", Text, ForeignKey("assessment_criterion.code"), nullable=False),
    Column("score", Float, nullable=False),
    Column("assessed_by", Text),
    Column("assessed_on", Date),
    PrimaryKeyConstraint("worker_id", "period", "criterion_code"),
)

#: Indexes the dashboard's queries rely on. Real deployments should create them
#: (see README); the demo creates them. They are not part of the contract's check.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_grid_community", "grid", ("community_id",)),
    ("ix_household_grid", "household", ("grid_id", "registered_on", "closed_on")),
    # the newest record of each kind (``queries.latest_records``, every page's freshness line):
    # without these, a full scan of four tables on every cold page (64 ms at 1M residents)
    ("ix_household_registered", "household", ("registered_on",)),
    ("ix_resident_household", "resident", ("household_id",)),
    ("ix_resident_active", "resident", ("registered_on", "left_on")),
    ("ix_resident_group_code", "resident_group", ("group_code", "since")),
    ("ix_household_group_code", "household_group", ("group_code", "since")),
    ("ix_rental_household", "rental", ("household_id",)),
    ("ix_assignment_grid", "grid_assignment", ("grid_id", "since")),
    ("ix_visit_time", "visit", ("visited_at",)),
    ("ix_visit_household", "visit", ("household_id", "visited_at")),
    ("ix_visit_worker", "visit", ("worker_id", "visited_at")),
    ("ix_patrol_worker", "patrol", ("worker_id", "patrolled_on")),
    ("ix_patrol_day", "patrol", ("patrolled_on",)),
    ("ix_work_log_worker", "work_log", ("worker_id", "log_date")),
    ("ix_work_log_day", "work_log", ("log_date",)),
    ("ix_incident_grid", "incident", ("grid_id", "reported_at")),
    ("ix_assessment_period", "assessment", ("period",)),
    ("ix_assessment_assessed", "assessment", ("assessed_on",)),
)

#: Code lists of the contract.
GRID_KINDS = ("self_managed", "property_managed", "work_unit", "scattered", "villager_group")
RESIDENCY = ("resident", "floating", "nominal")
FLOATING_ORIGINS = ("out_of_county", "study_companion", "business", "other")
ROLES = ("grid_leader", "grid_worker")
VISIT_PURPOSES = ("collection", "follow_up", "service", "verification")
GENDERS = ("M", "F")
